using System;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using OmiseEvents.Json;
using Xunit;

namespace OmiseEvents.Tests.Services;

public sealed class EventReaderTests
{
    // The same list in three API versions' shapes, as one account's history can mix them.
    private const string MixedPage = """
    { "object": "list", "data": [
        { "object": "event", "id": "evnt_test_old2015", "livemode": false, "location": "/events/evnt_test_old2015",
          "key": "refund.create", "created": "2015-12-01T10:00:00+00:00",
          "data": { "object": "refund", "id": "rfnd_test_1", "charge": "chrg_test_parent1", "amount": 100 } },
        { "object": "event", "id": "evnt_test_mid2017", "key": "charge.dispute.create", "created": "2017-12-01T10:00:00Z",
          "data": { "object": "dispute", "id": "dspt_test_1", "charge": { "object": "charge", "id": "chrg_test_parent2" } } },
        { "object": "event", "id": "evnt_new2019", "livemode": true, "key": "transfer.destroy", "created_at": "2019-12-31T12:59:59Z",
          "data": { "object": "transfer", "id": "trsf_1", "livemode": true, "deleted": true },
          "webhook_deliveries": [
            { "object": "webhook_delivery", "id": "whdl_1", "uri": "https://example.com/w", "status": 404, "key": "transfer.destroy",
              "error": null, "payload": "{}", "created_at": "2023-03-02 10:27:09 UTC" },
            { "object": "webhook_delivery", "id": "whdl_2", "uri": "https://example.com/w", "status": null, "key": "transfer.destroy",
              "error": "Net::OpenTimeout", "created_at": "2023-03-02 10:28:09 UTC", "something_new": [1, 2] } ],
          "team_uid": "team_1", "future": { "x": 1 } }
      ],
      "limit": 20, "offset": 40, "total": 301, "order": null, "from": "1970-01-01T00:00:00+00:00", "to": "2025-03-20T10:01:34+00:00" }
    """;

    private static EventPage Read(string json) => EventReader.ReadPage(System.Text.Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_a_mixed_version_page_with_an_old_envelope()
    {
        var page = Read(MixedPage);

        Assert.Equal(301, page.Total);
        Assert.Equal(40, page.Offset);
        Assert.Equal("2025-03-20T10:01:34+00:00", page.To);
        Assert.Equal("1970-01-01T00:00:00+00:00", page.From);
        Assert.Equal(new[] { "evnt_test_old2015", "evnt_test_mid2017", "evnt_new2019" }, page.Events.Select(e => e.Id));
        Assert.Equal(new DateTime(2015, 12, 1, 10, 0, 0, DateTimeKind.Utc), page.Events[0].Created);
        Assert.Equal(DateTimeKind.Utc, page.Events[0].Created.Kind);
        Assert.Equal(new DateTime(2019, 12, 31, 12, 59, 59, DateTimeKind.Utc), page.Events[2].Created);
    }

    [Fact]
    public void A_page_read_ahead_on_its_pooled_body_gives_each_event_its_own_bytes_before_the_buffer_is_reused()
    {
        byte[] utf8 = System.Text.Encoding.UTF8.GetBytes(MixedPage);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(utf8.Length);
        utf8.CopyTo(buffer, 0);
        var expected = Read(MixedPage).Events.Select(e => e.GetRawJson()).ToArray();

        var page = EventReader.ReadPageKeepingBody(new Http.ResponseBody(buffer, utf8.Length));
        page.Events[1].Detach(); // written to the pipeline; the others stay on the page until it is released
        page.Release();
        buffer.AsSpan().Fill((byte)'x'); // the pool hands the buffer to the next page

        Assert.Equal(expected, page.Events.Select(e => e.GetRawJson()));
        Assert.Equal("dspt_test_1", ((System.Collections.IDictionary)page.Events[1].Data!)["id"]);
        Assert.Equal(2, page.Events[2].WebhookDeliveries.Count);
    }

    [Fact]
    public void Charge_id_comes_from_the_charge_or_a_refunds_or_disputes_charge()
    {
        var page = Read(MixedPage);

        Assert.Equal("chrg_test_parent1", page.Events[0].ChargeId);
        Assert.Equal("chrg_test_parent2", page.Events[1].ChargeId);
        Assert.Null(page.Events[2].ChargeId);
    }

    [Fact]
    public void Livemode_falls_back_to_the_id_and_deliveries_are_known_only_when_present()
    {
        var page = Read(MixedPage);

        Assert.False(page.Events[1].LiveMode);
        Assert.True(page.Events[2].LiveMode);
        Assert.False(page.Events[0].WebhookDeliveriesKnown);
        Assert.Empty(page.Events[0].WebhookDeliveries);
        Assert.True(page.Events[2].WebhookDeliveriesKnown);
        Assert.Equal("team_1", page.Events[2].TeamUid);
    }

    [Fact]
    public void Deliveries_read_null_status_and_the_non_iso_date()
    {
        var deliveries = Read(MixedPage).Events[2].WebhookDeliveries;

        Assert.Equal(404, deliveries[0].Status);
        Assert.False(deliveries[0].Succeeded);
        Assert.Null(deliveries[1].Status);
        Assert.Equal("Net::OpenTimeout", deliveries[1].Error);
        Assert.Equal(new DateTime(2023, 3, 2, 10, 28, 9, DateTimeKind.Utc), deliveries[1].Created);
        Assert.Equal("{}", deliveries[0].Payload);
    }

    [Fact]
    public void Deliveries_name_their_event_and_keep_their_own_time()
    {
        var e = Read(MixedPage).Events[2];

        Assert.All(e.WebhookDeliveries, d =>
        {
            Assert.Equal("evnt_new2019", d.EventId);
            Assert.Equal("transfer.destroy", d.EventKey);
            Assert.Equal(new DateTime(2019, 12, 31, 12, 59, 59, DateTimeKind.Utc), d.EventCreated);
        });
        Assert.Equal(new DateTime(2023, 3, 2, 10, 27, 9, DateTimeKind.Utc), e.WebhookDeliveries[0].Created);
    }

    [Fact]
    public void Raw_json_is_the_servers_text_for_that_event()
    {
        var e = Read(MixedPage).Events[2];
        using var document = JsonDocument.Parse(MixedPage);
        Assert.Equal(document.RootElement.GetProperty("data")[2].GetRawText(), e.GetRawJson());
    }

    [Fact]
    public void Raw_json_keeps_non_ascii_text_and_escapes_byte_for_byte()
    {
        const string thai = """{ "object": "event", "id": "evnt_test_thai", "key": "charge.create", "created_at": "2024-01-02T03:04:05Z", "data": { "object": "charge", "id": "chrg_test_1", "description": "ค่าสินค้า \"พิเศษ\" \u0e01 😀" } }""";
        var page = Read("""{ "object": "list", "data": [ """ + thai + """ ], "total": 1 }""");

        Assert.Equal(thai, page.Events[0].GetRawJson());
        Assert.Equal("ค่าสินค้า \"พิเศษ\" ก 😀", ((System.Collections.IDictionary)page.Events[0].Data!)["description"]);
    }

    [Theory]
    [InlineData("2019-12-31T12:59:59Z")]
    [InlineData("2019-12-31T19:59:59+07:00")]
    [InlineData("2019-12-31T12:59:59")]
    [InlineData("2019-12-31 12:59:59 UTC")]
    public void Created_reads_as_utc_whatever_its_form(string created)
    {
        var e = EventReader.ReadEvent(System.Text.Encoding.UTF8.GetBytes(
            $$"""{ "object": "event", "id": "evnt_test_t", "key": "charge.create", "created_at": "{{created}}" }"""));

        Assert.Equal(new DateTime(2019, 12, 31, 12, 59, 59, DateTimeKind.Utc), e.Created);
        Assert.Equal(DateTimeKind.Utc, e.Created.Kind);
    }

    [Fact]
    public void Escaped_property_names_are_read_and_a_repeated_field_counts_once_the_last()
    {
        var e = EventReader.ReadEvent(System.Text.Encoding.UTF8.GetBytes(
            """{ "object": "event", "\u0069d": "evnt_test_esc", "key": "first", "key": "charge.create", "created": "2020-01-01T00:00:00Z" }"""));

        Assert.Equal("evnt_test_esc", e.Id);
        Assert.Equal("charge.create", e.Key);
    }

    [Theory]
    [InlineData("""{ "object": "list", "data": [ { "object": "event", "id": "evnt_1", "key": "x", "created_at": "2020-01-01T00:00:00Z" } ], "total": 1""")]
    [InlineData("""{ "object": "list", "data": [], "total": 1 } trailing""")]
    [InlineData("""{ "object": "list", "data": [ { "object": "event", "id": "evnt_1" "key": "x" } ], "total": 1 }""")]
    public void Invalid_json_is_a_json_error_so_the_request_is_tried_again(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json));
    }

    [Theory]
    [InlineData("\"{\\\"id\\\": \\\"evnt_1\\\", \\\"note\\\": \\\"a \\\\\\\\ b\\\"}\"")]
    [InlineData("\"ends in a backslash \\\\\"")]
    [InlineData("\"\"")]
    [InlineData("  \"spaced \\u0041 \\/ \u00e9\"")]
    [InlineData("null")]
    [InlineData("{ \"not\": \"a string\" }")]
    public void Payloads_are_passed_over_whatever_they_hold_and_reading_goes_on_after_them(string payload)
    {
        string first = $$"""{ "object": "event", "id": "evnt_test_p1", "key": "charge.create", "webhook_deliveries": [ { "id": "whdl_1", "payload":{{payload}}, "status": 200, "created_at": "2024-01-01T00:00:01Z" }, { "id": "whdl_2", "payload": {{payload}} } ], "created_at": "2024-01-01T00:00:00Z" }""";
        string second = """{ "object": "event", "id": "evnt_test_p2", "key": "charge.complete", "created_at": "2024-01-01T00:00:02Z" }""";

        var page = Read($$"""{ "object": "list", "data": [ {{first}}, {{second}} ], "total": 2 }""");

        Assert.Equal(new[] { "evnt_test_p1", "evnt_test_p2" }, page.Events.Select(e => e.Id));
        Assert.Equal(first, page.Events[0].GetRawJson());
        Assert.Equal(new[] { "whdl_1", "whdl_2" }, page.Events[0].WebhookDeliveries.Select(d => d.Id));
        Assert.Equal(200, page.Events[0].WebhookDeliveries[0].Status);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 1, DateTimeKind.Utc), page.Events[0].WebhookDeliveries[0].Created);
        using var expected = JsonDocument.Parse(payload);
        Assert.Equal(expected.RootElement.ValueKind == JsonValueKind.String ? expected.RootElement.GetString() : null,
            page.Events[0].WebhookDeliveries[1].Payload);
    }

    [Fact]
    public void An_unterminated_payload_is_invalid_json()
    {
        Assert.ThrowsAny<JsonException>(() => Read(
            """{ "object": "list", "data": [ { "object": "event", "id": "evnt_1", "key": "x", "webhook_deliveries": [ { "payload": "never ends \" } ] } ], "total": 1 }"""));
    }

    [Fact]
    public void Deleted_objects_keep_their_shape_in_Data()
    {
        System.Collections.IDictionary data = Read(MixedPage).Events[2].Data!;

        Assert.Equal(new[] { "object", "id", "livemode", "deleted" }, data.Keys.Cast<string>());
        Assert.Equal(true, data["deleted"]);
    }

    [Theory]
    [InlineData("""{ "object": "event", "id": "evnt_test_1" }""", "expected object \"list\"")]
    [InlineData("""{ "object": "list", "total": 1 }""", "no data array")]
    [InlineData("""{ "object": "list", "data": [] }""", "no total")]
    [InlineData("""{ "object": "list", "data": [ { "object": "event", "key": "x", "created_at": "2020-01-01T00:00:00Z" } ], "total": 1 }""", "no id")]
    [InlineData("""{ "object": "list", "data": [ { "object": "event", "id": "evnt_1", "key": "x", "created_at": "yesterday" } ], "total": 1 }""", "created")]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    public void Wrong_shapes_are_format_errors_naming_the_problem(string json, string problem)
    {
        var e = Assert.Throws<FormatException>(() => Read(json));
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Json_to_PSObject_keeps_order_types_and_unknowns()
    {
        using var document = JsonDocument.Parse("""{ "b": 1, "a": [1.5, "x", null, false, {"n": 12345678901234}], "big": 1e400 }""");

        var o = (PSObject)JsonToPSObject.Convert(document.RootElement)!;

        Assert.Equal(new[] { "b", "a", "big" }, o.Properties.Select(p => p.Name));
        Assert.Equal(1L, o.Properties["b"].Value);
        var array = (object?[])o.Properties["a"].Value;
        Assert.Equal(1.5, array[0]);
        Assert.Equal("x", array[1]);
        Assert.Null(array[2]);
        Assert.Equal(false, array[3]);
        Assert.Equal(12345678901234L, ((PSObject)array[4]!).Properties["n"].Value);
        Assert.Equal("1e400", o.Properties["big"].Value);
    }
}

public sealed class OmiseTimeTests
{
    [Theory]
    [InlineData("2019-12-31T12:59:59Z")]
    [InlineData("2019-12-31T12:59:59+00:00")]
    [InlineData("2019-12-31T19:59:59+07:00")]
    [InlineData("2019-12-31 12:59:59 UTC")]
    [InlineData("2019-12-31T12:59:59.000Z")]
    public void Every_shape_omise_writes_reads_as_the_same_utc_instant(string text)
    {
        Assert.True(OmiseTime.TryParse(text, out var utc));
        Assert.Equal(new DateTime(2019, 12, 31, 12, 59, 59, DateTimeKind.Utc), utc);
        Assert.Equal(DateTimeKind.Utc, utc.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a date")]
    public void Nonsense_is_refused(string? text) => Assert.False(OmiseTime.TryParse(text, out _));

    [Fact]
    public void Formats_for_the_api_in_utc_whatever_the_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("th-TH");
            Assert.Equal("2026-01-02T03:04:05Z", OmiseTime.Format(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
