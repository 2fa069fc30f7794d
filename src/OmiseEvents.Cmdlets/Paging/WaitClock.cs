using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace OmiseEvents.Paging;

/// <summary>Time as -Wait sees it: the wall clock to show, a monotonic one for -Timeout, and waiting. Tests replace it so no test sleeps.</summary>
internal class WaitClock
{
    public static readonly WaitClock System = new();

    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public virtual DateTime UtcNow => DateTime.UtcNow;

    public virtual TimeSpan Elapsed => _watch.Elapsed;

    public virtual Task Delay(TimeSpan wait, CancellationToken cancellation) => Task.Delay(wait, cancellation);
}
