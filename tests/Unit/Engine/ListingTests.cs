using System;
using System.Linq;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>Get-OmiseEvent listings through the hosted engine, compared with the emulator's own truth.</summary>
public sealed class ListingTests : EngineTest
{
    public ListingTests(EmulatorFixture emulator) : base(emulator)
    {
    }


    /// <summary>A key with no wildcard that Omise does not document is most likely a typo that would read every event and write none.</summary>
    [Fact]
    public void A_key_no_one_documents_is_warned_about_naming_the_nearest_ones_and_patterns_are_not()
    {
        var recent = Server.TestLog.Visible().TakeLast(300).ToList();

        var result = Ps.Run("Get-OmiseEvent -From $args[0] -Key charge.created, 'charge.*', Refund.Create, 'webhooks.deliverd'", recent[0].Created);

        Assert.Empty(result.Errors);
        Assert.Equal(new[]
        {
            "-Key 'charge.created' is no event key Omise documents, so it may match no event. Nearest: charge.create. Press Tab after -Key for the documented keys.",
            "-Key 'webhooks.deliverd' is no event key Omise documents, so it may match no event. Nearest: webhooks.deliver. Press Tab after -Key for the documented keys.",
        }, result.Warnings.Select(w => w.Message));
        Assert.Equal(Server.TestLog.Visible(recent[0].Created).Where(e => e.Key.StartsWith("charge.", StringComparison.Ordinal) || e.Key == "refund.create").Select(e => e.Id),
            result.Objects<Event>().Select(e => e.Id));
    }

    [Fact]
    public void From_equal_to_To_is_warned_about_as_a_window_of_one_second()
    {
        var result = Ps.Run("Get-OmiseEvent -From 2026-11-19 -To 2026-11-19");

        Assert.Empty(result.Errors);
        string utc = new DateTime(2026, 11, 19, 0, 0, 0, DateTimeKind.Local).ToUniversalTime().ToString("u", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"-From and -To are the same time, {utc}: only events created in that very second can be listed. For a whole day, make -To the next day: -From 2026-11-19 -To 2026-11-20.",
            Assert.Single(result.Warnings).Message);
    }

    [Fact]
    public void Lists_every_event_in_order_one_request_per_hundred()
    {
        var result = Ps.Run("Get-OmiseEvent");

        result.AssertClean();
        var truth = Server.TestLog.Visible().Select(e => e.Id).ToList();
        Assert.Equal(EmulatorFixture.DefaultEvents, truth.Count);
        Assert.Equal(truth, result.Objects<Event>().Select(e => e.Id));
        Assert.Equal(Pages.For(EmulatorFixture.DefaultEvents), Server.Requests.Count);
    }

    [Fact]
    public void Every_event_keeps_the_servers_bytes_after_its_pages_buffers_are_reused()
    {
        // Pages read ahead hold their events' bytes in pooled buffers until written; the second
        // listing rents those buffers again, so an event left pointing into one would change.
        var stoppedMidPage = Ps.Run("Get-OmiseEvent -First 150").Objects<Event>();
        var raw = Ps.Run("Get-OmiseEvent -Raw").Objects<string>();
        var all = Ps.Run("Get-OmiseEvent").Objects<Event>();

        var truth = Server.TestLog.Visible().Select(e => System.Text.Encoding.UTF8.GetString(e.Json)).ToList();
        Assert.Equal(truth, raw);
        Assert.Equal(truth, all.Select(e => e.GetRawJson()));
        Assert.Equal(truth.Take(150), stoppedMidPage.Select(e => e.GetRawJson()));
        Assert.Equal(Server.TestLog.Visible().Take(150).Select(e => e.DataId), stoppedMidPage.Select(e => (string?)((System.Collections.IDictionary?)e.Data)?["id"]));
    }

    [Fact]
    public void Later_pages_pin_from_and_to_of_the_first_response()
    {
        Ps.Run("Get-OmiseEvent -PageSize 100 -First 450").AssertClean();

        // With read-ahead, later pages may arrive in any order.
        var requests = Server.Requests.Snapshot().OrderBy(r => int.Parse(r.Query["offset"])).ToList();
        Assert.Equal(5, requests.Count);
        Assert.False(requests[0].Query.ContainsKey("to"));
        string pinnedTo = IsoTime.Of(Server.Clock.UtcNow);
        Assert.All(requests.Skip(1), r =>
        {
            Assert.Equal(pinnedTo, r.Query["to"]);
            Assert.Equal("1970-01-01T00:00:00Z", r.Query["from"]);
            Assert.Equal("chronological", r.Query["order"]);
        });
        // Each page after the first repeats the last event read, so a move in the window shows.
        Assert.Equal(new[] { "0", "99", "198", "297", "396" }, requests.Select(r => r.Query["offset"]));
        Assert.Equal(new[] { "100", "100", "100", "100", "54" }, requests.Select(r => r.Query["limit"]));
    }

    [Fact]
    public void From_To_and_Order_select_the_window()
    {
        var all = Server.TestLog.Visible();
        DateTime from = all[400].Created, to = all[1300].Created;
        var truth = Server.TestLog.Visible(from, to, ListOrder.ReverseChronological).Select(e => e.Id).ToList();

        var result = Ps.Run("Get-OmiseEvent -From $args[0] -To $args[1] -Order ReverseChronological", from, to);

        result.AssertClean();
        Assert.True(truth.Count > 800);
        Assert.Equal(truth, result.Objects<Event>().Select(e => e.Id));
        Assert.Equal("reverse_chronological", Server.Requests.Snapshot()[0].Query["order"]);
    }

    [Fact]
    public void Local_times_are_sent_as_utc()
    {
        var when = new DateTime(2026, 10, 1, 9, 30, 0, DateTimeKind.Utc);
        Ps.Run("Get-OmiseEvent -From $args[0] -First 1", when.ToLocalTime()).AssertClean();
        Assert.Equal("2026-10-01T09:30:00Z", Server.Requests.Snapshot()[0].Query["from"]);
    }

    [Fact]
    public void First_and_Skip_become_limit_and_offset()
    {
        var truth = Server.TestLog.Visible().Skip(130).Take(5).Select(e => e.Id).ToList();

        var result = Ps.Run("Get-OmiseEvent -Skip 130 -First 5");

        result.AssertClean();
        Assert.Equal(truth, result.Objects<Event>().Select(e => e.Id));
        var request = Assert.Single(Server.Requests.Snapshot());
        Assert.Equal("130", request.Query["offset"]);
        Assert.Equal("5", request.Query["limit"]);
    }

    [Fact]
    public void IncludeTotalCount_writes_the_api_total_first()
    {
        var result = Ps.Run("Get-OmiseEvent -First 2 -IncludeTotalCount");

        result.AssertClean();
        Assert.Equal(3, result.Output.Count);
        Assert.Equal((ulong)EmulatorFixture.DefaultEvents, result.Output[0].BaseObject);
        Assert.IsType<Event>(result.Output[1].BaseObject);
    }

    [Fact]
    public void First_zero_writes_nothing_and_sends_nothing()
    {
        var result = Ps.Run("Get-OmiseEvent -First 0");
        result.AssertClean();
        Assert.Empty(result.Output);
        Assert.Equal(0, Server.Requests.Count);
    }

    [Fact]
    public void Key_filters_with_wildcards_and_First_counts_matches()
    {
        var truth = Server.TestLog.Visible().Where(e => e.Key.StartsWith("charge.", StringComparison.Ordinal) || e.Key == "refund.create")
            .Select(e => e.Id).ToList();

        var all = Ps.Run("Get-OmiseEvent -Key 'charge.*', 'REFUND.create'");
        var firstTen = Ps.Run("Get-OmiseEvent -Key charge.dispute.* -Skip 1 -First 2");

        all.AssertClean();
        Assert.Equal(truth, all.Objects<Event>().Select(e => e.Id));
        var disputes = Server.TestLog.Visible().Where(e => e.Key.StartsWith("charge.dispute.", StringComparison.Ordinal)).Skip(1).Take(2).Select(e => e.Id);
        Assert.Equal(disputes, firstTen.Objects<Event>().Select(e => e.Id));
    }

    [Fact]
    public void Where_Object_downstream_sees_typed_events()
    {
        var result = Ps.Run("param($now) Get-OmiseEvent | Where-Object { $_.DataObject -eq 'refund' -and $_.Created -lt $now }", Server.Clock.UtcNow);

        result.AssertClean();
        var truth = Server.TestLog.Visible().Where(e => e.DataObject == "refund").Select(e => e.Id);
        Assert.Equal(truth, result.Objects<Event>().Select(e => e.Id));
    }
}
