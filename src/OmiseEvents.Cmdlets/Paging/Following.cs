using System;

namespace OmiseEvents.Paging;

/// <summary>-Wait's timing: how often to poll once caught up, and when to stop (-Timeout, counted from when the listing starts).</summary>
internal sealed class Following
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(30);
    /// <summary>Omise asks clients not to poll for events often.</summary>
    public static readonly TimeSpan MinimumPollInterval = TimeSpan.FromSeconds(5);

    private readonly TimeSpan? _deadline;

    public Following(TimeSpan pollInterval, TimeSpan? timeout, WaitClock clock)
    {
        PollInterval = pollInterval;
        Clock = clock;
        _deadline = timeout is TimeSpan t ? clock.Elapsed + t : null;
    }

    public TimeSpan PollInterval { get; }
    public WaitClock Clock { get; }

    public bool TimedOut => _deadline is TimeSpan d && Clock.Elapsed >= d;

    /// <summary>The next wait: a poll interval, or what is left before -Timeout if that is less.</summary>
    public TimeSpan NextWait => _deadline is TimeSpan d && d - Clock.Elapsed < PollInterval ? d - Clock.Elapsed : PollInterval;
}
