using System;
using System.Threading;

namespace OmiseEmulator;

/// <summary>The emulator's notion of "now". Tests set and advance it; nothing reads the wall clock.</summary>
public sealed class EmulatorClock
{
    private long _ticks;

    public EmulatorClock(DateTime utcNow) => _ticks = DateTime.SpecifyKind(utcNow, DateTimeKind.Utc).Ticks;

    public DateTime UtcNow => new(Interlocked.Read(ref _ticks), DateTimeKind.Utc);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
