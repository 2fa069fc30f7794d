using System;
using System.Collections.Generic;
using System.Text.Json;
using OmiseEvents.Http;

namespace OmiseEvents.Json;

/// <summary>
/// Maps the API's JSON to <see cref="Event"/>s, accepting every shape the API has had: <c>created</c>
/// or <c>created_at</c>, deliveries present or not, <c>data</c> absent, unknown fields anywhere.
/// Anything that is not an event or a list of them is a <see cref="FormatException"/>; JSON that is
/// not valid is a <see cref="JsonException"/>.
/// </summary>
/// <remarks>
/// One forward pass of <see cref="Utf8JsonReader"/> over the page's UTF-8 bytes: no document is
/// built, and fields nobody shows are skipped (and validated). Each event keeps its bytes for
/// <see cref="Event.GetRawJson"/>, <see cref="Event.Data"/> and its deliveries, which are read from
/// them when first asked for: a copy of its slice, or, for a page read ahead, the slice itself until
/// the event is written (<see cref="EventPage.Release"/>). Where a field appears twice, the last one counts.
/// </remarks>
internal static class EventReader
{
    /// <summary>A page whose events each get a copy of their bytes.</summary>
    public static EventPage ReadPage(ReadOnlySpan<byte> json, string? chargeId = null) => ReadPage(json, shared: null, chargeId);

    /// <summary>
    /// A page whose events stay on the body's buffer until they are written or the page is
    /// released: a page read ahead holds its bytes in one pooled buffer, not a copy per event
    /// that would outlive a collection or two before the pipeline takes it.
    /// </summary>
    public static EventPage ReadPageKeepingBody(ResponseBody body, string? chargeId = null)
    {
        var page = ReadPage(body.Json, body.Buffer, chargeId);
        body.Keep();
        return page;
    }

    public static Event ReadEvent(ReadOnlySpan<byte> json, string? chargeId = null)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        var e = ReadEventObject(ref reader, json, shared: null, chargeId);
        reader.Read(); // only whitespace may follow: the reader throws on anything else
        return e;
    }

    private static EventPage ReadPage(ReadOnlySpan<byte> json, byte[]? shared, string? chargeId)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        RequireObject(ref reader, "list");
        string? kind = null, from = null, to = null;
        long? total = null, offset = null, limit = null;
        List<Event>? events = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("data"u8))
            {
                events = Is(ref reader, JsonTokenType.StartArray) ? new List<Event>() : null;
                while (events is not null && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    events.Add(ReadEventObject(ref reader, json, shared, chargeId));
                }
                reader.Skip(); // not an array: passed over
            }
            else if (reader.ValueTextEquals("object"u8)) { kind = Text(ref reader); }
            else if (reader.ValueTextEquals("total"u8)) { total = Int64(ref reader); }
            else if (reader.ValueTextEquals("offset"u8)) { offset = Int64(ref reader); }
            else if (reader.ValueTextEquals("limit"u8)) { limit = Int64(ref reader); }
            else if (reader.ValueTextEquals("from"u8)) { from = Text(ref reader); }
            else if (reader.ValueTextEquals("to"u8)) { to = Text(ref reader); }
            else { reader.Skip(); }
        }
        reader.Read(); // only whitespace may follow: the reader throws on anything else
        RequireKind(kind, "list");
        if (events is null)
        {
            throw new FormatException("the list has no data array");
        }
        return new EventPage(events, total ?? throw new FormatException("the list has no total"), offset ?? 0, limit, from, to, shared);
    }

    /// <summary>
    /// One event, the reader on its opening brace; leaves the reader on its closing brace. The
    /// event's bytes stay in <paramref name="shared"/> (the buffer <paramref name="json"/> is in), or are copied.
    /// </summary>
    private static Event ReadEventObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, byte[]? shared, string? chargeId)
    {
        RequireObject(ref reader, "event");
        int start = (int)reader.TokenStartIndex;
        string? kind = null, id = null, key = null, location = null, teamUid = null;
        DateTime? createdAt = null, created = null;
        bool? live = null;
        var data = default(DataFields);
        bool deliveriesKnown = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = Text(ref reader); }
            else if (reader.ValueTextEquals("key"u8)) { key = Text(ref reader); }
            else if (reader.ValueTextEquals("object"u8)) { kind = Text(ref reader); }
            else if (reader.ValueTextEquals("created_at"u8)) { createdAt = Time(Text(ref reader)); }
            else if (reader.ValueTextEquals("created"u8)) { created = Time(Text(ref reader)); }
            else if (reader.ValueTextEquals("location"u8)) { location = Text(ref reader); }
            else if (reader.ValueTextEquals("team_uid"u8)) { teamUid = Text(ref reader); }
            else if (reader.ValueTextEquals("livemode"u8)) { live = Flag(ref reader); }
            else if (reader.ValueTextEquals("data"u8)) { data = DataFields.Read(ref reader); }
            else if (reader.ValueTextEquals("webhook_deliveries"u8))
            {
                deliveriesKnown = Is(ref reader, JsonTokenType.StartArray); // read when asked for: DeliveriesOf
                reader.Skip();
            }
            else { reader.Skip(); }
        }
        int length = (int)reader.BytesConsumed - start;

        RequireKind(kind, "event");
        if (id is null)
        {
            throw new FormatException("an event has no id");
        }
        if (key is null)
        {
            throw new FormatException($"event {id} has no key");
        }
        DateTime createdUtc = createdAt ?? created ?? throw new FormatException($"event {id} has no readable created_at or created");
        if (data.Present)
        {
            chargeId = data.Object == "charge" ? data.Id : data.ChargeId ?? chargeId;
        }
        var bytes = shared is null ? new EventBytes(json.Slice(start, length).ToArray()) : new EventBytes(shared, start, length);
        return new Event(bytes, id, key, createdUtc, live ?? id.IndexOf("_test_", StringComparison.Ordinal) < 0, location,
            data.Object, data.Id, chargeId, new DataFacts(data.Status, data.Amount, data.Currency), deliveriesKnown, teamUid);
    }

    /// <summary>The few fields of <c>data</c> the event's typed properties show; the rest is read when <see cref="Event.Data"/> is asked for.</summary>
    private struct DataFields
    {
        public bool Present;
        public string? Object, Id, Status, Currency, ChargeId;
        public long? Amount;

        public static DataFields Read(ref Utf8JsonReader reader)
        {
            var data = new DataFields { Present = Is(ref reader, JsonTokenType.StartObject) };
            while (data.Present && NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("object"u8)) { data.Object = Text(ref reader); }
                else if (reader.ValueTextEquals("id"u8)) { data.Id = Text(ref reader); }
                else if (reader.ValueTextEquals("status"u8)) { data.Status = Text(ref reader); }
                else if (reader.ValueTextEquals("amount"u8)) { data.Amount = Int64(ref reader); }
                else if (reader.ValueTextEquals("currency"u8)) { data.Currency = Text(ref reader); }
                else if (reader.ValueTextEquals("charge"u8)) { data.ChargeId = ChargeOf(ref reader); }
                else { reader.Skip(); }
            }
            reader.Skip(); // not an object: passed over
            return data;
        }

        /// <summary>A refund's or dispute's charge: an id, or an expanded charge object.</summary>
        private static string? ChargeOf(ref Utf8JsonReader reader)
        {
            if (!Is(ref reader, JsonTokenType.StartObject))
            {
                string? id = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
                return id;
            }
            string? expanded = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8)) { expanded = Text(ref reader); }
                else { reader.Skip(); }
            }
            return expanded;
        }
    }

    /// <summary>
    /// The deliveries of an event read earlier, each told the event's id, key and time so it can be
    /// traced back on its own. Read when first asked for: a listing written straight to a file of
    /// ids, or counted, never pays for them. An element that is not an object is passed over, and
    /// keeps its place for <see cref="WebhookDelivery.Payload"/>.
    /// </summary>
    public static WebhookDeliveryList DeliveriesOf(byte[] eventJson, string eventId, string eventKey, DateTime eventCreated)
    {
        using var document = JsonDocument.Parse(eventJson);
        var deliveries = new List<WebhookDelivery>();
        if (document.RootElement.TryGetProperty("webhook_deliveries", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (var d in list.EnumerateArray())
            {
                if (d.ValueKind == JsonValueKind.Object)
                {
                    int? status = d.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number
                        && s.TryGetInt64(out long code) && code is >= 0 and <= 999 ? (int)code : null;
                    deliveries.Add(new WebhookDelivery(Text(d, "id"), Text(d, "uri"), status, Text(d, "key"), Text(d, "error"),
                        Time(Text(d, "created_at")) ?? Time(Text(d, "created")), eventId, eventKey, eventCreated, eventJson, index));
                }
                index++;
            }
        }
        return new WebhookDeliveryList(deliveries, known: true);
    }

    private static void RequireObject(ref Utf8JsonReader reader, string expected)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException($"expected a JSON object ({expected}), got {(reader.TokenType == JsonTokenType.StartArray ? "Array" : reader.TokenType)}");
        }
    }

    private static void RequireKind(string? kind, string expected)
    {
        if (kind != expected)
        {
            throw new FormatException($"expected object \"{expected}\", got {(kind is null ? "none" : "\"" + kind + "\"")}");
        }
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Moves to the next value and tells whether it is a <paramref name="token"/>.</summary>
    private static bool Is(ref Utf8JsonReader reader, JsonTokenType token) => reader.Read() && reader.TokenType == token;

    // Each reads the next value if it is of its kind, and null if not; Skip then passes over an
    // object or array to its end (a scalar it leaves as it is).

    private static string? Text(ref Utf8JsonReader reader)
    {
        string? text = Is(ref reader, JsonTokenType.String) ? reader.GetString() : null;
        reader.Skip();
        return text;
    }

    /// <summary>A whole number that fits a <see cref="long"/>.</summary>
    private static long? Int64(ref Utf8JsonReader reader)
    {
        long? number = Is(ref reader, JsonTokenType.Number) && reader.TryGetInt64(out long value) ? value : null;
        reader.Skip();
        return number;
    }

    private static bool? Flag(ref Utf8JsonReader reader)
    {
        bool? flag = Is(ref reader, JsonTokenType.True) || reader.TokenType == JsonTokenType.False ? reader.GetBoolean() : null;
        reader.Skip();
        return flag;
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A time in UTC (ISO 8601, or the webhook form <c>2023-03-02 10:27:09 UTC</c>); null for anything else.</summary>
    private static DateTime? Time(string? text) => OmiseTime.TryParse(text, out var utc) ? utc : null;
}
