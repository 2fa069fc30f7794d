using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// Webhook debugging: deliveries taken out of their events stand on their own in the pipeline,
/// and the table PowerShell shows for them by default fits 120 columns.
/// </summary>
public sealed class WebhookDeliveryTests : EngineTest
{
    public WebhookDeliveryTests(EmulatorFixture emulator) : base(emulator)
    {
    }

    /// <summary>A delivery as the emulator sent it, with the event it belongs to.</summary>
    private sealed record SentDelivery(StoredEvent Event, string Id, string Uri, int? Status, DateTime Created, string Payload);

    private static IEnumerable<SentDelivery> Sent(StoredEvent e)
    {
        using var json = JsonDocument.Parse(e.Json);
        if (!json.RootElement.TryGetProperty("webhook_deliveries", out var list))
        {
            yield break;
        }
        foreach (var d in list.EnumerateArray())
        {
            var status = d.GetProperty("status");
            yield return new SentDelivery(e, d.GetProperty("id").GetString()!, d.GetProperty("uri").GetString()!,
                status.ValueKind == JsonValueKind.Null ? null : status.GetInt32(),
                DateTime.SpecifyKind(DateTime.ParseExact(d.GetProperty("created_at").GetString()!, "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture), DateTimeKind.Utc),
                d.GetProperty("payload").GetString()!);
        }
    }

    [Fact]
    public void Failed_deliveries_piped_out_of_their_events_still_name_them()
    {
        var newest = Server.TestLog.Visible().Reverse().Take(200).ToList();
        var failed = newest.SelectMany(Sent).Where(d => d.Status is not (>= 200 and < 300)).ToList();

        var result = Ps.Run("Get-OmiseEvent -Order ReverseChronological -First 200 | ForEach-Object WebhookDeliveries | Where-Object { -not $_.Succeeded }");

        result.AssertClean();
        var deliveries = result.Objects<WebhookDelivery>();
        Assert.Equal(failed.Select(d => (d.Id, d.Event.Id, d.Event.Key, d.Event.Created, d.Uri, d.Status)),
            deliveries.Select(d => (d.Id!, d.EventId, d.EventKey, d.EventCreated, d.Uri!, d.Status)));
        // The sample is worth testing only if it holds every kind of failure, at more than one endpoint.
        Assert.Contains(deliveries, d => d.Status is null);
        Assert.Contains(deliveries, d => d.Status is >= 400 and < 500);
        Assert.Contains(deliveries, d => d.Status is >= 500);
        Assert.True(deliveries.Select(d => d.Uri).Distinct().Count() > 1);
    }

    [Fact]
    public void A_delivery_on_its_own_gives_its_event_back_and_shows_what_was_sent()
    {
        var sent = Server.TestLog.Visible().Reverse().SelectMany(Sent).First(d => d.Status is null);

        var result = Ps.Run("""
            $d = Get-OmiseEvent -Id $args[0] | ForEach-Object WebhookDeliveries | Where-Object Id -eq $args[1]
            $d.Payload
            $d.EventCreated -eq $args[2]
            $d.EventId | Get-OmiseEvent
            """, sent.Event.Id, sent.Id, sent.Event.Created);

        result.AssertClean();
        Assert.Equal(sent.Payload, result.Output[0].BaseObject);
        Assert.Equal(true, result.Output[1].BaseObject);
        var e = Assert.IsType<Event>(result.Output[2].BaseObject);
        Assert.Equal((sent.Event.Id, sent.Event.Key), (e.Id, e.Key));
    }

    /// <summary>
    /// A delivery's own Id (whdl_…) is no event id: piped in, a delivery or its CSV row gives the
    /// event it delivered, and events, their CSV rows and plain ids bind as they always did.
    /// </summary>
    [Fact]
    public void Deliveries_their_csv_rows_events_and_ids_piped_into_Get_OmiseEvent_give_their_events()
    {
        var events = Server.TestLog.Visible().Reverse().Where(e => Sent(e).Count() > 1).Take(2).Reverse().ToList();
        var delivered = events.SelectMany(e => Sent(e).Select(d => d.Event.Id)).ToList();
        var ids = events.Select(e => e.Id).ToList();
        string folder = System.IO.Directory.CreateTempSubdirectory("omise-csv-").FullName;
        try
        {
            var result = Ps.Run("""
                param($ids, $folder)
                $events = $ids | Get-OmiseEvent
                $deliveries = $events | ForEach-Object WebhookDeliveries
                $deliveries | Export-Csv (Join-Path $folder deliveries.csv)
                $events | Export-Csv (Join-Path $folder events.csv)
                ,@($deliveries | Get-OmiseEvent | ForEach-Object Id)
                ,@(Import-Csv (Join-Path $folder deliveries.csv) | Get-OmiseEvent | ForEach-Object Id)
                ,@(Get-OmiseEvent -Id $deliveries | ForEach-Object Id)
                ,@($events | Get-OmiseEvent | ForEach-Object Id)
                ,@(Import-Csv (Join-Path $folder events.csv) | Get-OmiseEvent | ForEach-Object Id)
                ,@($ids | Get-OmiseEvent | ForEach-Object Id)
                """, ids.ToArray(), folder);

            result.AssertClean();
            var answers = result.Output.Select(o => ((object[])o.BaseObject).Select(id => id.ToString()!).ToList()).ToList();
            Assert.Equal(new[] { delivered, delivered, delivered, ids, ids, ids }, answers);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_delivery_id_given_as_an_event_id_points_to_EventId()
    {
        var result = Ps.Run("Get-OmiseEvent -Id whdl_test_50jivmh8r2zq96aywc6");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("InvalidEventId,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("EventId", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void By_default_deliveries_show_as_a_table_of_time_status_event_and_endpoint()
    {
        var e = Server.TestLog.Visible().Reverse().First(e => Sent(e).Any(d => d.Status is null) && Sent(e).Select(d => d.Uri).Distinct().Count() > 1);
        var sent = Sent(e).ToList();
        string local(DateTime t) => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        var lines = RecordingHost.Draw(Server, "(Get-OmiseEvent -Id $args[0]).WebhookDeliveries", e.Id);

        Assert.Equal(
            new[] { "Created             Status EventKey                       EventId                       Uri", "-------             ------ --------                       -------                       ---" }
                .Concat(sent.Select(d => $"{local(d.Created)} {d.Status?.ToString(CultureInfo.InvariantCulture) ?? "---",6} {e.Key,-30} {e.Id,-29} {d.Uri}")),
            lines);
    }

    [Fact]
    public void The_delivery_table_of_a_busy_day_fits_120_columns()
    {
        var lines = RecordingHost.Draw(Server, "Get-OmiseEvent -Order ReverseChronological -First 100 | ForEach-Object WebhookDeliveries");

        Assert.True(lines.Count > 100, $"only {lines.Count} lines");
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
        Assert.Single(lines, l => l.StartsWith("Created ", StringComparison.Ordinal));
    }
}
