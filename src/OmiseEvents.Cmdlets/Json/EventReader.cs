using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
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
/// One forward pass over the page's UTF-8 bytes: no document is built, and fields nobody shows are
/// skipped. Each event keeps its bytes for <see cref="Event.GetRawJson"/>, <see cref="Event.Data"/>
/// and delivery payloads: a copy of its slice, or, for a page read ahead, the slice itself until
/// the event is written (<see cref="EventPage.Release"/>). Where a field appears twice, the last one counts.
/// </remarks>
internal static class EventReader
{
    // Straight to optimised code (AggressiveOptimization, which netstandard2.0 does not name): run
    // once a page or once a field, this code would otherwise spend a long listing in the slow
    // instrumented tiers, as a PowerShell session keeps the JIT too busy to promote it (JsonCursor).
    private const MethodImplOptions Hot = (MethodImplOptions)512;

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

    [MethodImpl(Hot)]
    private static EventPage ReadPage(ReadOnlySpan<byte> json, byte[]? shared, string? chargeId)
    {
        var reader = new JsonCursor(json);
        RequireObjectStart(ref reader, "list");
        string? kind = null, from = null, to = null;
        long? total = null, offset = null, limit = null;
        List<Event>? events = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                events = null;
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    events = new List<Event>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        events.Add(ReadEventObject(ref reader, json, shared, chargeId));
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("object"u8)) { kind = StringValue(ref reader); }
            else if (reader.ValueTextEquals("total"u8)) { total = Int64Value(ref reader); }
            else if (reader.ValueTextEquals("offset"u8)) { offset = Int64Value(ref reader); }
            else if (reader.ValueTextEquals("limit"u8)) { limit = Int64Value(ref reader); }
            else if (reader.ValueTextEquals("from"u8)) { from = StringValue(ref reader); }
            else if (reader.ValueTextEquals("to"u8)) { to = StringValue(ref reader); }
            else { SkipValue(ref reader); }
        }
        RequireEnd(ref reader);
        RequireKind(kind, "list");
        if (events is null)
        {
            throw new FormatException("the list has no data array");
        }
        return new EventPage(events, total ?? throw new FormatException("the list has no total"), offset ?? 0, limit, from, to, shared);
    }

    public static Event ReadEvent(ReadOnlySpan<byte> json, string? chargeId = null)
    {
        var reader = new JsonCursor(json);
        RequireObjectStart(ref reader, "event");
        var e = ReadEventObject(ref reader, json, shared: null, chargeId);
        RequireEnd(ref reader);
        return e;
    }

    /// <summary>
    /// One event, the reader on its opening brace; leaves the reader on its closing brace. The
    /// event's bytes stay in <paramref name="shared"/> (the buffer <paramref name="json"/> is in), or are copied.
    /// </summary>
    [MethodImpl(Hot)]
    private static Event ReadEventObject(ref JsonCursor reader, ReadOnlySpan<byte> json, byte[]? shared, string? chargeId)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException($"expected a JSON object (event), got {KindOf(reader.TokenType)}");
        }
        int start = reader.TokenStart;
        string? kind = null, id = null, key = null, location = null, teamUid = null;
        DateTime? createdAt = null, created = null;
        bool? live = null;
        var data = default(DataFields);
        bool deliveriesKnown = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = StringValue(ref reader); }
            else if (reader.ValueTextEquals("key"u8)) { key = StringValue(ref reader); }
            else if (reader.ValueTextEquals("object"u8)) { kind = StringValue(ref reader); }
            else if (reader.ValueTextEquals("created_at"u8)) { createdAt = TimeValue(ref reader); }
            else if (reader.ValueTextEquals("created"u8)) { created = TimeValue(ref reader); }
            else if (reader.ValueTextEquals("location"u8)) { location = StringValue(ref reader); }
            else if (reader.ValueTextEquals("team_uid"u8)) { teamUid = StringValue(ref reader); }
            else if (reader.ValueTextEquals("livemode"u8))
            {
                reader.Read();
                live = reader.TokenType switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
                reader.Skip();
            }
            else if (reader.ValueTextEquals("data"u8)) { data = DataFields.Read(ref reader); }
            else if (reader.ValueTextEquals("webhook_deliveries"u8)) { deliveriesKnown = ReadDeliveries(ref reader, into: null); }
            else { SkipValue(ref reader); }
        }
        int length = reader.BytesConsumed - start;

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

        [MethodImpl(Hot)]
        public static DataFields Read(ref JsonCursor reader)
        {
            reader.Read();
            var data = default(DataFields);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return data;
            }
            data.Present = true;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("object"u8)) { data.Object = StringValue(ref reader); }
                else if (reader.ValueTextEquals("id"u8)) { data.Id = StringValue(ref reader); }
                else if (reader.ValueTextEquals("status"u8)) { data.Status = StringValue(ref reader); }
                else if (reader.ValueTextEquals("amount"u8)) { data.Amount = Int64Value(ref reader); }
                else if (reader.ValueTextEquals("currency"u8)) { data.Currency = StringValue(ref reader); }
                else if (reader.ValueTextEquals("charge"u8)) { data.ChargeId = ChargeOf(ref reader); }
                else { SkipValue(ref reader); }
            }
            return data;
        }

        /// <summary>A refund's or dispute's charge: an id, or an expanded charge object.</summary>
        [MethodImpl(Hot)]
        private static string? ChargeOf(ref JsonCursor reader)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return null;
            }
            string? id = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8)) { id = StringValue(ref reader); }
                else { SkipValue(ref reader); }
            }
            return id;
        }
    }

    /// <summary>One element of <c>webhook_deliveries</c>; <see cref="IsObject"/> false for an element that is not an object.</summary>
    private struct DeliveryFields
    {
        public bool IsObject;
        public string? Id, Uri, Key, Error;
        public DateTime? CreatedAt, Created;
        public long? Status;
    }

    /// <summary>
    /// The deliveries of an event read earlier, each told the event's id, key and time so it can be
    /// traced back on its own. Read when first asked for: a listing written straight to a file of
    /// ids, or counted, never pays for them.
    /// </summary>
    public static WebhookDeliveryList DeliveriesOf(byte[] eventJson, string eventId, string eventKey, DateTime eventCreated)
    {
        var reader = new JsonCursor(eventJson);
        reader.Read();
        var fields = new List<DeliveryFields>();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("webhook_deliveries"u8)) { ReadDeliveries(ref reader, fields); }
            else { SkipValue(ref reader); }
        }
        var deliveries = new List<WebhookDelivery>(fields.Count);
        for (int index = 0; index < fields.Count; index++)
        {
            var d = fields[index];
            if (!d.IsObject)
            {
                continue;
            }
            int? status = d.Status is long code and >= 0 and <= 999 ? (int)code : null;
            deliveries.Add(new WebhookDelivery(d.Id, d.Uri, status, d.Key, d.Error, d.CreatedAt ?? d.Created, eventId, eventKey, eventCreated, eventJson, index));
        }
        return new WebhookDeliveryList(deliveries, known: true);
    }

    /// <summary>
    /// Reads the array's elements into <paramref name="into"/>, or only passes over them when it is
    /// null; false when the value is not an array (deliveries not recorded).
    /// </summary>
    [MethodImpl(Hot)]
    private static bool ReadDeliveries(ref JsonCursor reader, List<DeliveryFields>? into)
    {
        reader.Read();
        into?.Clear();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var d = default(DeliveryFields);
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                d.IsObject = true;
                while (NextProperty(ref reader))
                {
                    if (reader.ValueTextEquals("payload"u8) && reader.TrySkipStringValue()) { }
                    else if (into is null) { SkipValue(ref reader); }
                    else if (reader.ValueTextEquals("id"u8)) { d.Id = StringValue(ref reader); }
                    else if (reader.ValueTextEquals("uri"u8)) { d.Uri = StringValue(ref reader); }
                    else if (reader.ValueTextEquals("status"u8)) { d.Status = Int64Value(ref reader); }
                    else if (reader.ValueTextEquals("key"u8)) { d.Key = StringValue(ref reader); }
                    else if (reader.ValueTextEquals("error"u8)) { d.Error = StringValue(ref reader); }
                    else if (reader.ValueTextEquals("created_at"u8)) { d.CreatedAt = TimeValue(ref reader); }
                    else if (reader.ValueTextEquals("created"u8)) { d.Created = TimeValue(ref reader); }
                    else { SkipValue(ref reader); }
                }
            }
            else
            {
                reader.Skip();
            }
            into?.Add(d);
        }
        return true;
    }

    private static void RequireObjectStart(ref JsonCursor reader, string expected)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException($"expected a JSON object ({expected}), got {KindOf(reader.TokenType)}");
        }
    }

    private static void RequireKind(string? kind, string expected)
    {
        if (kind != expected)
        {
            throw new FormatException($"expected object \"{expected}\", got {(kind is null ? "none" : "\"" + kind + "\"")}");
        }
    }

    /// <summary>Only whitespace may follow the value: the reader throws on anything else, as for any invalid JSON.</summary>
    private static void RequireEnd(ref JsonCursor reader) => reader.Read();

    private static string KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "Object",
        JsonTokenType.StartArray => "Array",
        JsonTokenType.True => "True",
        JsonTokenType.False => "False",
        JsonTokenType.None => "nothing",
        _ => token.ToString(),
    };

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    [MethodImpl(Hot)]
    private static bool NextProperty(ref JsonCursor reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    [MethodImpl(Hot)]
    private static void SkipValue(ref JsonCursor reader)
    {
        reader.Read();
        reader.Skip();
    }

    [MethodImpl(Hot)]
    private static string? StringValue(ref JsonCursor reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }
        reader.Skip();
        return null;
    }

    /// <summary>
    /// A time in UTC; null for anything else. ISO 8601 is read straight from the bytes; the
    /// webhook form (<c>2023-03-02 10:27:09 UTC</c>) goes through <see cref="OmiseTime"/>.
    /// </summary>
    [MethodImpl(Hot)]
    private static DateTime? TimeValue(ref JsonCursor reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }
        if (HasZone(ref reader) && reader.TryGetDateTimeOffset(out var iso))
        {
            return iso.UtcDateTime;
        }
        return OmiseTime.TryParse(reader.GetString(), out var utc) ? utc : null;
    }

    /// <summary>Ends in <c>Z</c> or <c>±hh:mm</c>: without a zone the reader would assume local time, where Omise means UTC.</summary>
    [MethodImpl(Hot)]
    private static bool HasZone(ref JsonCursor reader)
    {
        var text = reader.ValueSpan;
        return !reader.ValueIsEscaped && text.Length > 6
            && (text[text.Length - 1] == (byte)'Z' || (text[text.Length - 6] is (byte)'+' or (byte)'-' && text[text.Length - 3] == (byte)':'));
    }

    [MethodImpl(Hot)]
    private static long? Int64Value(ref JsonCursor reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt64(out long number) ? number : null;
        }
        reader.Skip();
        return null;
    }
}
