using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Encodings.Web;
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
    [InlineData("2019-12-31T12:59:59.000+00:00")]
    [InlineData("2019-12-31T12:59:59\\u005A")]
    public void Created_reads_as_utc_whatever_its_form(string created)
    {
        var e = EventReader.ReadEvent(System.Text.Encoding.UTF8.GetBytes(
            $$"""{ "object": "event", "id": "evnt_test_t", "key": "charge.create", "created_at": "{{created}}" }"""));

        Assert.Equal(new DateTime(2019, 12, 31, 12, 59, 59, DateTimeKind.Utc), e.Created);
        Assert.Equal(DateTimeKind.Utc, e.Created.Kind);
    }

    [Theory]
    [InlineData("\"created\": \"2001-01-01T00:00:00Z\", \"created_at\": \"2019-12-31T12:59:59Z\"")]
    [InlineData("\"created_at\": \"2019-12-31T12:59:59Z\", \"created\": \"2001-01-01T00:00:00Z\"")]
    [InlineData("\"created_at\": \"not a time\", \"created\": \"2019-12-31T12:59:59Z\"")]
    public void Created_at_counts_over_created_and_created_stands_in_when_created_at_is_unreadable(string times)
    {
        var e = EventReader.ReadEvent(Encoding.UTF8.GetBytes($$"""{ "object": "event", "id": "evnt_test_t", "key": "charge.create", {{times}} }"""));

        Assert.Equal(new DateTime(2019, 12, 31, 12, 59, 59, DateTimeKind.Utc), e.Created);
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
    [InlineData("""{ "object": "list", "data": [], "total": 1 } {}""")]
    [InlineData("""{ "object": "list", "data": [ { "object": "event", "id": "evnt_1" "key": "x" } ], "total": 1 }""")]
    [InlineData("\ufeff{ \"object\": \"list\", \"data\": [], \"total\": 1 }")]
    [InlineData("")]
    [InlineData("   ")]
    public void Invalid_json_is_a_json_error_so_the_request_is_tried_again(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read(json));
    }

    /// <summary>Broken values where nothing is read from them: a payload, an unknown field, a field of the wrong kind.</summary>
    [Theory]
    [InlineData("\"bad escape \\x\"")]
    [InlineData("\"bad \\u00G0 hex\"")]
    [InlineData("\"short \\u00\"")]
    [InlineData("\"a raw tab\there\"")]
    [InlineData("\"a raw control \u0001 character\"")]
    [InlineData("[1,]")]
    [InlineData("{\"a\":1,}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{a:1}")]
    [InlineData("'single'")]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData("-")]
    [InlineData("+1")]
    [InlineData("1e")]
    [InlineData("tru")]
    [InlineData("nul")]
    [InlineData("NaN")]
    [InlineData("/* comment */ 1")]
    [InlineData("[1}")]
    public void Invalid_json_in_a_value_nobody_reads_is_still_a_json_error(string value)
    {
        foreach (var json in new[]
        {
            $$"""{ "object": "list", "data": [ { "object": "event", "id": "evnt_test_1", "key": "x", "created_at": "2020-01-01T00:00:00Z", "webhook_deliveries": [ { "id": "whdl_1", "payload": {{value}} } ] } ], "total": 1 }""",
            $$"""{ "object": "list", "future": {{value}}, "data": [], "total": 1 }""",
            $$"""{ "object": "list", "data": [ { "object": "event", "id": "evnt_test_1", "key": "x", "created_at": "2020-01-01T00:00:00Z", "livemode": {{value}} } ], "total": 1 }""",
            $$"""{ "object": "list", "data": [ { "object": "event", "id": "evnt_test_1", "key": "x", "created_at": "2020-01-01T00:00:00Z", "data": { "amount": {{value}} } } ], "total": 1 }""",
        })
        {
            Assert.ThrowsAny<JsonException>(() => Read(json));
        }
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Json_nested_beyond_64_levels_is_refused(int depth, bool readable)
    {
        // The data array is level 2 of the page, the event 3, its data 4; the rest nests inside data.
        string deep = string.Concat(Enumerable.Repeat("[", depth - 4)) + string.Concat(Enumerable.Repeat("]", depth - 4));
        string json = $$"""{ "object": "list", "data": [ { "object": "event", "id": "evnt_test_1", "key": "x", "created_at": "2020-01-01T00:00:00Z", "data": { "deep": {{deep}} } } ], "total": 1 }""";

        var read = Record.Exception(() => Read(json));

        Assert.True(readable ? read is null : read is JsonException, read?.ToString() ?? "read");
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

    private static readonly string[] PayloadPieces =
    {
        "\"", "\\", "\\\"", "\"\\", "/", "\n", "\r\n", "\t", "\u0001", "\u001f", "é", "ค่า", "日本語", "😀", "\u2028", "{\"id\":\"evnt_1\"}", "a", "  ", "\\u0041", "\0",
    };

    /// <summary>A page of events with one delivery each, whose payloads are <paramref name="payloads"/>, written as a real writer writes them.</summary>
    private static byte[] PageOfPayloads(string[] payloads, JavaScriptEncoder encoder, bool indented)
    {
        using var buffer = new MemoryStream();
        // Indented: whitespace after every colon and between tokens, as some servers write it.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder, Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            for (int i = 0; i < payloads.Length; i++)
            {
                w.WriteStartObject();
                w.WriteString("object", "event");
                w.WriteString("id", $"evnt_test_{i}");
                w.WriteString("key", "charge.create");
                w.WriteStartArray("webhook_deliveries");
                w.WriteStartObject();
                w.WriteString("id", $"whdl_{i}");
                w.WriteString("payload", payloads[i]);
                w.WriteNumber("status", 200 + i % 300);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteString("created_at", "2024-01-01T00:00:00Z");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("total", payloads.Length);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Delivery payloads are whole events escaped into strings, the longest and most escaped values
    /// a page holds: payloads of every awkward kind, escaped as the runtime's writers escape them
    /// (non-ASCII and quotes as \uXXXX, or raw), read back exactly, and the rest of the page reads
    /// as <see cref="JsonDocument"/> reads it.
    /// </summary>
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void Generated_payloads_read_back_exactly_and_leave_the_page_read_as_written(int seed, bool indented)
    {
        var random = new Random(seed);
        foreach (var encoder in new[] { JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        {
            var payloads = Enumerable.Range(0, 300)
                .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => PayloadPieces[random.Next(PayloadPieces.Length)])))
                .ToArray();
            byte[] json = PageOfPayloads(payloads, encoder, indented);
            using var truth = JsonDocument.Parse(json);

            var page = EventReader.ReadPage(json);

            Assert.Equal(payloads.Length, page.Events.Count);
            for (int i = 0; i < payloads.Length; i++)
            {
                var e = page.Events[i];
                Assert.Equal($"evnt_test_{i}", e.Id);
                Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), e.Created);
                Assert.Equal(truth.RootElement.GetProperty("data")[i].GetRawText(), e.GetRawJson());
                var delivery = Assert.Single(e.WebhookDeliveries);
                Assert.Equal(200 + i % 300, delivery.Status);
                Assert.Equal(payloads[i], delivery.Payload);
            }
        }
    }

    [Fact]
    public void Escaped_and_non_ascii_values_read_as_their_text_and_the_raw_json_stays_as_sent()
    {
        // Every field read as the page arrives, escaped; Thai, Japanese and 4-byte characters raw and escaped.
        const string sent = """{"object":"\u0065vent","id":"evnt_test_\u0041bc","key":"charge.\u0063reate","created_at":"2024-01-02T03:04:05\u005a","livemode":false,"location":"\/events\/evnt_test_Abc","team_uid":"team_\u0e01","data":{"object":"charge","id":"chrg_test_\u65e5本","status":"\u0073uccessful","amount":100,"currency":"th\u0062","description":"ค่าสินค้า \"พิเศษ\" 日本語 \u0e01 \ud83d\ude00 😀 a\\b\/c\td"},"webhook_deliveries":[{"id":"whdl_\u0031","uri":"https:\/\/例え.jp\/hook","status":200,"key":"charge.create","error":"タイムアウト \ud83c\udf63","payload":"{\"note\":\"ค่า 日本 \\ud83d\\ude00 😀 \\\\ \\\"\"}","created_at":"2024-01-02 03:04:06 \u0055TC"}]}""";
        var page = Read("""{"object":"list","data":[""" + sent + """],"total":1}""");

        var e = Assert.Single(page.Events);
        Assert.Equal(sent, e.GetRawJson());
        Assert.Equal(("evnt_test_Abc", "charge.create", "/events/evnt_test_Abc", "team_ก"), (e.Id, e.Key, e.Location, e.TeamUid));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), e.Created);
        Assert.Equal(("chrg_test_日本", "chrg_test_日本", "successful", "thb", (long?)100), (e.DataId, e.ChargeId, e.DataStatus, e.DataCurrency, e.DataAmount));
        Assert.Equal("ค่าสินค้า \"พิเศษ\" 日本語 ก 😀 😀 a\\b/c\td", ((System.Collections.IDictionary)e.Data!)["description"]);
        var d = Assert.Single(e.WebhookDeliveries);
        Assert.Equal(("whdl_1", "https://例え.jp/hook", "タイムアウト 🍣"), (d.Id, d.Uri, d.Error));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 6, DateTimeKind.Utc), d.Created);
        Assert.Equal("{\"note\":\"ค่า 日本 \\ud83d\\ude00 😀 \\\\ \\\"\"}", d.Payload);
    }

    [Fact]
    public void Fields_of_an_unexpected_kind_read_as_absent_and_are_passed_over_whole()
    {
        // Each typed field holds an object or array whose contents look like the fields around it:
        // were it not passed over whole, they would be read in its place.
        const string decoy = """{ "id": "decoy", "key": "decoy", "object": "decoy", "created_at": "2001-01-01T00:00:00Z", "charge": "decoy", "status": "decoy", "amount": 1, "total": 9, "data": [ "decoy" ] }""";
        string sent = $$"""
            { "object": "event", "id": "evnt_test_k", "key": "charge.create", "created_at": "2024-01-01T00:00:00Z",
              "location": {{decoy}}, "team_uid": [ {{decoy}} ], "livemode": {{decoy}}, "created": [ "2001-01-01T00:00:00Z" ], "webhook_deliveries": {{decoy}},
              "data": { "object": "refund", "id": "rfnd_test_k", "status": {{decoy}}, "currency": [ {{decoy}} ], "amount": {{decoy}}, "charge": [ {{decoy}} ], "after": "x" },
              "after": {{decoy}} }
            """;
        var page = Read($$"""{ "object": "list", "from": {{decoy}}, "to": [ {{decoy}} ], "limit": {{decoy}}, "offset": [ 1 ], "data": [ {{sent}}, {{sent.Replace("evnt_test_k", "evnt_test_l")}} ], "total": 2 }""");

        Assert.Equal(new[] { "evnt_test_k", "evnt_test_l" }, page.Events.Select(e => e.Id));
        Assert.Equal((2L, 0L, (long?)null, (string?)null, (string?)null), (page.Total, page.Offset, page.Limit, page.From, page.To));
        var e = page.Events[0];
        Assert.Equal(("charge.create", "refund", "rfnd_test_k"), (e.Key, e.DataObject, e.DataId));
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), e.Created);
        Assert.Null(e.Location);
        Assert.Null(e.TeamUid);
        Assert.False(e.LiveMode); // from the id
        Assert.False(e.WebhookDeliveriesKnown);
        Assert.Null(e.DataStatus);
        Assert.Null(e.DataCurrency);
        Assert.Null(e.DataAmount);
        Assert.Null(e.ChargeId);
        Assert.Equal(sent, e.GetRawJson());
    }

    [Theory]
    [InlineData("100", 100L)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("9223372036854775808", null)]
    [InlineData("1.0", null)]
    [InlineData("1E5", null)]
    [InlineData("\"100\"", null)]
    [InlineData("null", null)]
    public void An_amount_is_read_only_when_it_is_a_whole_number_that_fits(string amount, long? expected)
    {
        var e = EventReader.ReadEvent(Encoding.UTF8.GetBytes(
            $$"""{ "object": "event", "id": "evnt_test_a", "key": "charge.create", "created_at": "2024-01-01T00:00:00Z", "data": { "object": "charge", "amount": {{amount}}, "currency": "thb" } }"""));

        Assert.Equal(expected, e.DataAmount);
        Assert.Equal("thb", e.DataCurrency);
    }

    [Fact]
    public void Deliveries_that_are_not_objects_are_passed_over_and_each_keeps_its_own_payload()
    {
        var e = EventReader.ReadEvent(Encoding.UTF8.GetBytes("""
            { "object": "event", "id": "evnt_test_d", "key": "charge.create", "created_at": "2024-01-01T00:00:00Z",
              "webhook_deliveries": [ null, "whdl_0", { "id": "whdl_1", "payload": "first", "status": 200, "status": 500, "created": "2024-01-01T00:00:02Z" },
                [ { "id": "whdl_decoy", "payload": "decoy" } ], { "id": "whdl_2", "payload": "second", "status": 1000, "created_at": "later", "created": "2024-01-01T00:00:03Z" } ] }
            """));

        Assert.Equal(new[] { "whdl_1", "whdl_2" }, e.WebhookDeliveries.Select(d => d.Id));
        Assert.Equal(new[] { "first", "second" }, e.WebhookDeliveries.Select(d => d.Payload));
        Assert.Equal(new int?[] { 500, null }, e.WebhookDeliveries.Select(d => d.Status));
        Assert.Equal(new DateTime?[] { new DateTime(2024, 1, 1, 0, 0, 2, DateTimeKind.Utc), new DateTime(2024, 1, 1, 0, 0, 3, DateTimeKind.Utc) },
            e.WebhookDeliveries.Select(d => d.Created));
        Assert.Equal(2, e.WebhookDeliveryCount);
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
