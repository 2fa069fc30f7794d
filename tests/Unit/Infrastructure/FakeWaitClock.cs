using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OmiseEvents.Paging;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>
/// -Wait's clock for tests: waiting returns at once and moves this clock on by the wait, then runs
/// <see cref="OnWait"/> (with the wait's number, from 1), which is where a test makes events arrive.
/// </summary>
internal sealed class FakeWaitClock : WaitClock
{
    private static readonly DateTime Start = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
    private readonly List<TimeSpan> _waits = new();
    private TimeSpan _elapsed;

    public Action<int>? OnWait { get; set; }

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (_waits)
            {
                return _waits.ToArray();
            }
        }
    }

    public override DateTime UtcNow => Start + Elapsed;

    public override TimeSpan Elapsed
    {
        get
        {
            lock (_waits)
            {
                return _elapsed;
            }
        }
    }

    public override Task Delay(TimeSpan wait, CancellationToken cancellation)
    {
        int number;
        lock (_waits)
        {
            _waits.Add(wait);
            _elapsed += wait;
            number = _waits.Count;
        }
        OnWait?.Invoke(number);
        return Task.CompletedTask;
    }

    /// <summary>Connect-Omise to the emulator as a user would, then the same connection waiting on this clock, for -Connection.</summary>
    public OmiseConnection Connect(PowerShellSession ps, OmiseEmulator.OmiseEmulatorServer server, string parameters = "") =>
        ps.ConnectPassThru(server, parameters).WithClock(this);
}
