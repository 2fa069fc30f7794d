using System;
using OmiseEvents.Paging;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>A clock for signing that moves on by <see cref="Step"/> each time it is read, so each signature is made at its own second.</summary>
internal sealed class SteppingClock : WaitClock
{
    private DateTime _now;

    public SteppingClock(DateTime start, TimeSpan step)
    {
        _now = start;
        Step = step;
    }

    public TimeSpan Step { get; }

    public override DateTime UtcNow
    {
        get
        {
            lock (this)
            {
                var now = _now;
                _now += Step;
                return now;
            }
        }
    }
}
