using System;
using System.Linq;
using OmiseEvents.Paging;
using Xunit;

namespace OmiseEvents.Tests.Paging;

/// <summary>The cursor by scripted server answers: the cases people hit, one at a time.</summary>
public sealed class ListingCursorTests
{
    private readonly SimulatedLog _log = new(new Random(1));

    /// <summary>Seconds 0 to <paramref name="seconds"/> - 1 with <paramref name="perSecond"/> events each; the clock then stands one second later.</summary>
    private void Fill(int seconds, int perSecond = 1)
    {
        for (int s = 0; s < seconds; s++)
        {
            _log.Arrive(perSecond);
            _log.Tick();
        }
    }

    private static EventListRequest Listing(EventOrder order = EventOrder.Chronological, int pageSize = 100, ulong skip = 0, ulong first = ulong.MaxValue,
        Event? after = null, bool follow = false) =>
        new("events", null, null, order, pageSize, skip, first, null, after, follow);

    private string[] Ids(EventOrder order = EventOrder.Chronological)
    {
        var ids = _log.Alive.Select(e => e.Id).ToArray();
        return order == EventOrder.Chronological ? ids : ids.Reverse().ToArray();
    }

    [Fact]
    public void Each_page_after_the_first_repeats_the_last_event_read()
    {
        Fill(250);

        var driver = new CursorDriver(_log, Listing()).Run();

        Assert.Equal(Ids(), driver.Written.Select(e => e.Id));
        Assert.Equal(new[] { (0L, 100), (99L, 100), (198L, 52) }, driver.Requests.Select(r => (r.Offset, r.Limit)));
        Assert.All(driver.Requests.Skip(1), r => Assert.Equal(SimulatedLog.Format(_log.Now), r.To));
    }

    [Fact]
    public void A_busy_second_at_the_pinned_to_does_not_cost_a_reverse_listing_its_oldest_events()
    {
        Fill(500);
        var start = Ids(EventOrder.ReverseChronological);
        // For a while, events keep arriving in the very second the first answer pinned as "to": each shifts every later offset.
        var driver = new CursorDriver(_log, Listing(EventOrder.ReverseChronological)).Run(n => _log.Arrive(n is > 1 and < 6 ? 130 : 0));

        Assert.Equal(start, driver.Written.Select(e => e.Id));
        Assert.Contains(driver.Notes, n => n.Contains("looking further on", StringComparison.Ordinal));
    }

    [Fact]
    public void A_short_page_before_the_end_is_read_on_from_where_it_stopped()
    {
        Fill(300);
        _log.PageLength = r => r.Offset == 0 ? 40 : null;

        var driver = new CursorDriver(_log, Listing(first: 150), inFlight: 4).Run();

        Assert.Equal(Ids().Take(150), driver.Written.Select(e => e.Id));
        Assert.Equal(39, driver.Requests[^2].Offset);
    }

    [Fact]
    public void After_a_checkpoint_in_a_busy_second_writes_exactly_what_the_server_lists_after_it()
    {
        Fill(5);
        _log.Arrive(300);
        _log.Tick();
        Fill(5);
        var checkpoint = _log.All[5 + 150];

        var driver = new CursorDriver(_log, Listing(after: checkpoint)).Run();

        Assert.Equal(Ids().SkipWhile(id => id != checkpoint.Id).Skip(1), driver.Written.Select(e => e.Id));
        Assert.Equal(149 + 5, driver.Written.Count);
        // The first request looks from the start of the checkpoint's second.
        Assert.Equal(SimulatedLog.Format(5), driver.Requests[0].From);
    }

    [Fact]
    public void After_a_checkpoint_that_expires_while_it_is_sought_writes_every_event_still_there()
    {
        Fill(20, perSecond: 3);
        var checkpoint = _log.All[10];

        var driver = new CursorDriver(_log, Listing(after: checkpoint, pageSize: 2)).Run(n =>
        {
            if (n == 1)
            {
                _log.ExpireThrough(_log.SecondOf(checkpoint));
            }
        });

        Assert.Equal(Ids(), driver.Written.Select(e => e.Id));
        Assert.Contains(driver.Notes, n => n.Contains("expired while listing", StringComparison.Ordinal));
    }

    [Fact]
    public void Following_costs_one_request_a_quiet_poll_and_writes_what_arrives_after_the_last_event()
    {
        Fill(30, perSecond: 2);
        var driver = new CursorDriver(_log, Listing(follow: true)).Run();
        Assert.Equal(CursorState.Waiting, driver.State);
        int before = driver.Requests.Count;

        driver.Poll();
        Assert.Equal(before + 1, driver.Requests.Count);
        Assert.Equal(60, driver.Written.Count);

        // Arrivals in the last event's own second, then in later ones.
        _log.Tick(-1);
        var arrived = _log.Arrive(3).Concat(Enumerable.Range(0, 2).SelectMany(_ => { _log.Tick(); return _log.Arrive(2); })).ToList();
        driver.Poll();

        Assert.Equal(arrived.Select(e => e.Id), driver.Written.Skip(60).Select(e => e.Id));
        Assert.Equal(SimulatedLog.Format(29), driver.Requests[before + 1].From);
    }

    [Theory]
    [InlineData(85, true)]
    [InlineData(80, false)]
    public void A_checkpoint_near_the_retention_limit_is_warned_about(int ageDays, bool warned)
    {
        Fill(3);
        var checkpoint = _log.All[0];
        _log.Tick(ageDays * 86400);

        var driver = new CursorDriver(_log, Listing(after: checkpoint)).Run();

        Assert.Equal(warned, driver.Warnings.Any(w => w.Contains("90 days", StringComparison.Ordinal)));
        Assert.Equal(2, driver.Written.Count);
    }

    [Fact]
    public void Skip_and_First_go_to_the_server_when_nothing_is_filtered()
    {
        Fill(400);

        var driver = new CursorDriver(_log, Listing(skip: 130, first: 150)).Run();

        Assert.Equal(Ids().Skip(130).Take(150), driver.Written.Select(e => e.Id));
        Assert.Equal(new[] { (130L, 100), (229L, 51) }, driver.Requests.Select(r => (r.Offset, r.Limit)));
    }
}
