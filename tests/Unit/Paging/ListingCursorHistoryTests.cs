using System;
using System.Collections.Generic;
using System.Linq;
using OmiseEvents.Paging;
using Xunit;

namespace OmiseEvents.Tests.Paging;

/// <summary>
/// The listing invariants over thousands of generated histories, each replayed from a fixed seed:
/// busy seconds, events arriving while the listing pages (inside the pinned second, anywhere in its
/// run), the oldest expiring, pages shorter than asked, a server that caps the limit, requests in
/// flight answered out of turn, either order, -Key, -Skip, -First, -After and -Wait.
/// </summary>
public sealed class ListingCursorHistoryTests
{
    private const int Histories = 4000;

    // What each repair says when it happens (see ListingCursor): the generated histories must reach every one of them.
    private static readonly string[] Repairs =
    {
        "arrived ahead of",                  // records arrived before the anchor, on the page
        "looking further on",                // reverse order: arrivals moved the anchor past the page
        "again from its second",             // chronological: expiries moved the anchor back
        "expected it: asking again",         // a page read ahead was answered on older numbering
        "before the end of the list",        // a short page
        "answers at most",                   // a server that caps the limit
        "expired while listing",             // the anchor itself expired
    };

    private static readonly Dictionary<string, int> Seen = new();

    [Fact]
    public void Listings_write_each_event_once_in_order_and_every_event_that_stayed()
    {
        AssertAllHold(Histories, ListingHistory);

        lock (Seen)
        {
            Assert.All(Repairs, r => Assert.True(Seen.GetValueOrDefault(r) >= 20, $"only {Seen.GetValueOrDefault(r)} histories needed \"{r}\""));
        }
    }

    [Fact]
    public void Without_movement_Skip_and_First_give_exactly_the_window()
    {
        AssertAllHold(Histories / 4, seed => ListingHistory(seed + 1_000_000, churn: false));
    }

    [Fact]
    public void Following_writes_every_event_that_arrives_once_in_order()
    {
        AssertAllHold(Histories / 4, FollowingHistory);
    }

    private static void AssertAllHold(int count, Action<int> history)
    {
        var failures = new List<string>();
        for (int seed = 0; seed < count && failures.Count < 5; seed++)
        {
            try
            {
                history(seed);
            }
            catch (Exception e)
            {
                failures.Add($"seed {seed}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static SimulatedLog NewLog(Random random)
    {
        var log = new SimulatedLog(random)
        {
            ShortPageRate = random.Next(3) == 0 ? 0.3 : 0,
            ServerLimit = random.Next(8) == 0 ? random.Next(5, 60) : null,
        };
        int seconds = random.Next(1, 50);
        for (int s = 0; s < seconds; s++)
        {
            // Most seconds are quiet; now and then one is busy enough to span pages.
            log.Arrive(random.Next(10) == 0 ? random.Next(20, 150) : random.Next(0, 5));
            log.Tick();
        }
        return log;
    }

    private static Action<int> Churn(SimulatedLog log, Random random, bool anywhere) => _ =>
    {
        if (random.Next(3) == 0)
        {
            // Inside the current second: while it is the pinned to's second, these land in the window.
            log.Arrive(random.Next(1, 15), anywhere && random.Next(2) == 0);
        }
        if (random.Next(8) == 0)
        {
            log.Tick();
        }
        if (random.Next(5) == 0)
        {
            log.ExpireThrough(log.ExpiredThrough + random.Next(1, 4));
        }
    };

    private static void ListingHistory(int seed) => ListingHistory(seed, churn: new Random(seed).Next(4) != 0);

    private static void ListingHistory(int seed, bool churn)
    {
        var random = new Random(seed);
        var log = NewLog(random);
        var order = random.Next(2) == 0 ? EventOrder.Chronological : EventOrder.ReverseChronological;
        int pageSize = random.Next(4) == 0 ? 100 : random.Next(1, 30);
        ulong skip = random.Next(4) == 0 ? (ulong)random.Next(0, 40) : 0;
        ulong first = random.Next(4) == 0 ? (ulong)random.Next(0, 80) : ulong.MaxValue;
        Func<string, bool>? keys = random.Next(4) == 0 ? k => k.StartsWith("charge.", StringComparison.Ordinal) : null;
        Event? after = null;
        if (order == EventOrder.Chronological && log.All.Count > 0 && random.Next(3) == 0)
        {
            after = log.All[random.Next(log.All.Count)];
            skip = 0;
        }
        var request = new EventListRequest("events", null, null, order, pageSize, skip, first, keys, after);
        var atStart = log.Alive.ToList();

        var driver = new CursorDriver(log, request, inFlight: random.Next(1, 9))
            .Run(churn ? Churn(log, random, anywhere: true) : null, random);

        Assert.Equal(CursorState.Finished, driver.State);
        lock (Seen)
        {
            foreach (var repair in Repairs.Where(r => driver.Notes.Any(n => n.Contains(r, StringComparison.Ordinal))))
            {
                Seen[repair] = Seen.GetValueOrDefault(repair) + 1;
            }
        }
        var written = driver.Written;
        AssertOnceInOrder(log, written, order);
        Assert.All(written, e => Assert.True(keys is null || keys(e.Key)));
        Assert.True((ulong)written.Count <= first, $"{written.Count} written, -First {first}");
        if (after is not null)
        {
            Assert.All(written, e => Assert.True(log.RankOf(e) > log.RankOf(after), $"{e.Id} is not after the checkpoint"));
        }

        // What existed for the whole listing and -Key and -After let through.
        var eligible = atStart.Where(e => (keys is null || keys(e.Key)) && (after is null || log.RankOf(e) > log.RankOf(after))).ToList();
        if (order == EventOrder.ReverseChronological)
        {
            eligible.Reverse();
        }
        if (!churn)
        {
            var expected = eligible.Skip((int)skip).Take((int)Math.Min(first, int.MaxValue)).Select(e => e.Id);
            Assert.Equal(expected, written.Select(e => e.Id));
            return;
        }
        var stayed = eligible.Where(log.IsAlive).ToList();
        var writtenIds = written.Select(e => e.Id).ToHashSet();
        bool cutByFirst = (ulong)written.Count == first;
        foreach (var e in stayed)
        {
            bool beforeFirstWritten = written.Count > 0 && Before(log, e, written[0], order);
            bool afterLastWritten = written.Count > 0 && Before(log, written[^1], e, order);
            bool mayBeSkipped = skip > 0 && (written.Count == 0 || beforeFirstWritten);
            bool mayBeCut = cutByFirst && (written.Count == 0 || afterLastWritten);
            Assert.True(writtenIds.Contains(e.Id) || mayBeSkipped || mayBeCut, $"{e.Id} existed throughout and was not written");
        }
    }

    private static void FollowingHistory(int seed)
    {
        var random = new Random(seed + 2_000_000);
        var log = NewLog(random);
        Func<string, bool>? keys = random.Next(4) == 0 ? k => k.StartsWith("charge.", StringComparison.Ordinal) : null;
        Event? after = log.All.Count > 0 && random.Next(2) == 0 ? log.All[random.Next(log.All.Count)] : null;
        var request = new EventListRequest("events", null, null, EventOrder.Chronological, random.Next(1, 40), 0, ulong.MaxValue, keys, after, follow: true);
        // New events arrive in order here, so each is after every event before it and must be written.
        var churn = Churn(log, random, anywhere: false);

        var driver = new CursorDriver(log, request, inFlight: random.Next(1, 9)).Run(churn, random);
        int polls = random.Next(1, 8);
        for (int i = 0; i < polls; i++)
        {
            Assert.Equal(CursorState.Waiting, driver.State);
            if (random.Next(2) == 0)
            {
                log.Tick();
            }
            log.Arrive(random.Next(0, 30));
            driver.Poll(churn, random);
        }
        // A last poll with nothing moving: everything is caught up.
        driver.Poll();

        Assert.Equal(CursorState.Waiting, driver.State);
        AssertOnceInOrder(log, driver.Written, EventOrder.Chronological);
        var writtenIds = driver.Written.Select(e => e.Id).ToHashSet();
        var due = log.Alive.Where(e => (keys is null || keys(e.Key)) && (after is null || log.RankOf(e) > log.RankOf(after)));
        Assert.All(due, e => Assert.True(writtenIds.Contains(e.Id), $"{e.Id} arrived and was not written"));
        Assert.All(driver.Written, e => Assert.True(after is null || log.RankOf(e) > log.RankOf(after)));
    }

    private static bool Before(SimulatedLog log, Event a, Event b, EventOrder order) =>
        order == EventOrder.Chronological ? log.RankOf(a) < log.RankOf(b) : log.RankOf(a) > log.RankOf(b);

    private static void AssertOnceInOrder(SimulatedLog log, List<Event> written, EventOrder order)
    {
        var ids = written.Select(e => e.Id).ToList();
        Assert.True(ids.Count == ids.Distinct().Count(), "an event was written twice: " + string.Join(", ", ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key)));
        for (int i = 1; i < written.Count; i++)
        {
            Assert.True(Before(log, written[i - 1], written[i], order), $"{written[i - 1].Id} then {written[i].Id}: out of order");
        }
    }
}
