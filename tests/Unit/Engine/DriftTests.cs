using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>Listings while the account changes underneath. Each test mutates the log, so each gets its own emulator.</summary>
public sealed class DriftTests : OwnEmulatorTest
{
    // One request at a time: these tests assert exact sequences, which read-ahead would make depend on timing.
    protected override void Connect() => Ps.Connect(Server, extra: "-MaxConcurrency 1").AssertClean();

    [Fact]
    public void Events_created_during_a_listing_do_not_shift_it()
    {
        var truth = Server.TestLog.Visible().Select(e => e.Id).ToList();
        // Before the third page is answered, 150 new events arrive.
        BeforeRequest(3, () => Server.TestLog.Append(150));

        var result = Ps.Run("Get-OmiseEvent");

        result.AssertClean();
        Assert.Equal(truth, result.Objects<Event>().Select(e => e.Id));
        Assert.Equal(2650, Server.TestLog.Visible().Count);
    }

    /// <summary>Advances the emulator's clock so that exactly the <paramref name="count"/> oldest events pass the 90-day retention.</summary>
    private void ExpireOldest(int count)
    {
        var oldestKept = Server.TestLog.Visible()[count].Created;
        Server.Clock.Advance(oldestKept - (Server.Clock.UtcNow - EmulatorDefaults.Retention));
    }

    /// <summary>Runs <paramref name="action"/> just before the emulator answers each request whose number <paramref name="when"/> picks.</summary>
    private void BeforeRequests(Func<int, bool> when, Action action)
    {
        int calls = 0;
        Server.Intercept = _ =>
        {
            if (when(Interlocked.Increment(ref calls)))
            {
                action();
            }
            return Task.FromResult(false);
        };
    }

    private void BeforeRequest(int request, Action action) => BeforeRequests(n => n == request, action);

    [Fact]
    public void Events_expiring_after_they_were_written_do_not_make_the_listing_skip()
    {
        var start = Server.TestLog.Visible().Select(e => e.Id).ToList();
        // Pages 1 and 2 (200 events) are written; then the 37 oldest, already written, expire.
        // Without repair offset 198 would now point 37 records further and skip them.
        BeforeRequest(3, () => ExpireOldest(37));

        var result = Ps.Run("Get-OmiseEvent -Verbose");

        result.AssertClean();
        Assert.Equal(2463, Server.TestLog.Visible().Count);
        Assert.Equal(start, result.Objects<Event>().Select(e => e.Id));
        Assert.Contains(result.Verbose, v => v.Message.Contains("The oldest events expired while listing", StringComparison.Ordinal));
    }

    [Fact]
    public void Events_expiring_before_the_listing_reached_them_are_left_out_and_nothing_else_is()
    {
        var start = Server.TestLog.Visible().Select(e => e.Id).ToList();
        // After 199 are written (two pages, the second repeating one), the 300 oldest expire: 101 of them were never written, and never will be.
        BeforeRequest(3, () => ExpireOldest(300));

        var result = Ps.Run("Get-OmiseEvent");

        result.AssertClean();
        Assert.Equal(start.Take(199).Concat(start.Skip(300)), result.Objects<Event>().Select(e => e.Id));
    }

    [Fact]
    public void Expiry_in_several_steps_with_small_pages_loses_and_repeats_nothing()
    {
        var start = Server.TestLog.Visible().Select(e => e.Id).ToList();
        // Every 20th request, 3 more of the oldest expire.
        BeforeRequests(n => n % 20 == 0, () => ExpireOldest(3));

        var ids = Ps.Run("Get-OmiseEvent -PageSize 25").Objects<Event>().Select(e => e.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        var stillThere = Server.TestLog.Visible().Select(e => e.Id).ToHashSet();
        Assert.All(stillThere, id => Assert.Contains(id, ids));
        Assert.Equal(start.Where(ids.Contains), ids);
    }

    [Fact]
    public void Reverse_chronological_listings_are_not_shifted_by_expiry()
    {
        var start = Server.TestLog.Visible(order: ListOrder.ReverseChronological).Select(e => e.Id).ToList();
        BeforeRequest(3, () => ExpireOldest(150));

        var result = Ps.Run("Get-OmiseEvent -Order ReverseChronological");

        result.AssertClean();
        Assert.Equal(start.Take(start.Count - 150), result.Objects<Event>().Select(e => e.Id));
        // One request per page of what is left: nothing re-read.
        Assert.Equal(Pages.For(2500 - 150), Server.Requests.Count);
    }

    [Fact]
    public void With_read_ahead_expiry_still_loses_and_repeats_nothing()
    {
        var connection = Ps.Connect(Server, extra: "-PassThru -MaxConcurrency 8").Output.Single();
        var start = Server.TestLog.Visible().Select(e => e.Id).ToList();
        BeforeRequests(n => n % 7 == 0, () => ExpireOldest(5));

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -PageSize 20", connection);

        result.AssertClean();
        var ids = result.Objects<Event>().Select(e => e.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(start.Where(ids.Contains), ids);
        Assert.All(Server.TestLog.Visible().Select(e => e.Id), id => Assert.Contains(id, ids));
    }

    [Fact]
    public void A_busy_second_at_the_pinned_to_does_not_cost_a_reverse_listing_its_oldest_events()
    {
        var start = Server.TestLog.Visible(order: ListOrder.ReverseChronological).Select(e => e.Id).ToList();
        // Before pages 2 to 5, 130 events arrive in the very second the first answer pinned as "to".
        BeforeRequests(n => n is >= 2 and <= 5, () => Server.TestLog.Append(130, TimeSpan.Zero));

        var result = Ps.Run("Get-OmiseEvent -Order ReverseChronological -Verbose");

        result.AssertClean();
        Assert.Equal(start, result.Objects<Event>().Select(e => e.Id));
        Assert.Contains(result.Verbose, v => v.Message.Contains("arrived ahead of", StringComparison.Ordinal));
    }

    [Fact]
    public void Short_pages_before_the_end_write_nothing_twice_and_First_and_Skip_stay_exact()
    {
        var truth = Server.TestLog.Visible().Select(e => e.Id).ToList();
        // The server answers 37 records to every request that asks for more.
        Server.PageLength = (_, limit) => Math.Min(limit, 37);

        var all = Ps.Run("Get-OmiseEvent");
        var window = Ps.Run("Get-OmiseEvent -Skip 120 -First 450");

        all.AssertClean();
        window.AssertClean();
        Assert.Equal(truth, all.Objects<Event>().Select(e => e.Id));
        Assert.Equal(truth.Skip(120).Take(450), window.Objects<Event>().Select(e => e.Id));
    }
}
