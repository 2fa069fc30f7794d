using System;
using System.Collections.Generic;
using System.Text.Json;

namespace OmiseEvents.Json;

/// <summary>
/// Maps the API's JSON to <see cref="Event"/>s, accepting every shape the API has had: <c>created</c>
/// or <c>created_at</c>, deliveries present or not, <c>data</c> absent, unknown fields anywhere.
/// Anything that is not an event or a list of them is a <see cref="FormatException"/>.
/// </summary>
internal static class EventReader
{
    public static EventPage ReadPage(JsonElement root, string? chargeId = null)
    {
        RequireObject(root, "list");
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the list has no data array");
        }
        long total = Int64(root, "total") ?? throw new FormatException("the list has no total");
        long offset = Int64(root, "offset") ?? 0;

        var events = new List<Event>(data.GetArrayLength());
        foreach (var item in data.EnumerateArray())
        {
            events.Add(ReadEvent(item, chargeId));
        }
        return new EventPage(events, total, offset, Int64(root, "limit"), String(root, "from"), String(root, "to"));
    }

    public static Event ReadEvent(JsonElement e, string? chargeId = null)
    {
        RequireObject(e, "event");
        string id = String(e, "id") ?? throw new FormatException("an event has no id");
        string key = String(e, "key") ?? throw new FormatException($"event {id} has no key");
        string? createdText = String(e, "created_at") ?? String(e, "created");
        if (!OmiseTime.TryParse(createdText, out DateTime created))
        {
            throw new FormatException($"event {id} has no readable created_at or created");
        }
        bool live = e.TryGetProperty("livemode", out var lm) && lm.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? lm.GetBoolean()
            : id.IndexOf("_test_", StringComparison.Ordinal) < 0;

        string? dataObject = null, dataId = null;
        var facts = default(DataFacts);
        if (e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            dataObject = String(data, "object");
            dataId = String(data, "id");
            chargeId = dataObject == "charge" ? dataId : ChargeOf(data) ?? chargeId;
            facts = new DataFacts(String(data, "status"), Int64(data, "amount"), String(data, "currency"));
        }

        string raw = e.GetRawText();
        return new Event(raw, id, key, created, live, String(e, "location"), dataObject, dataId, chargeId,
            facts, ReadDeliveries(e, raw, id, key, created), String(e, "team_uid"));
    }

    /// <summary>A refund's or dispute's charge: an id, or an expanded charge object.</summary>
    private static string? ChargeOf(JsonElement data)
    {
        if (!data.TryGetProperty("charge", out var charge))
        {
            return null;
        }
        return charge.ValueKind switch
        {
            JsonValueKind.String => charge.GetString(),
            JsonValueKind.Object => String(charge, "id"),
            _ => null,
        };
    }

    /// <summary>The event's deliveries, each told the event's id, key and time so it can be traced back on its own.</summary>
    private static WebhookDeliveryList ReadDeliveries(JsonElement e, string raw, string eventId, string eventKey, DateTime eventCreated)
    {
        if (!e.TryGetProperty("webhook_deliveries", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return WebhookDeliveryList.Unknown;
        }
        var deliveries = new List<WebhookDelivery>(list.GetArrayLength());
        int index = -1;
        foreach (var d in list.EnumerateArray())
        {
            index++;
            if (d.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            int? status = Int64(d, "status") is long code and >= 0 and <= 999 ? (int)code : null;
            DateTime? created = OmiseTime.TryParse(String(d, "created_at") ?? String(d, "created"), out var t) ? t : null;
            deliveries.Add(new WebhookDelivery(String(d, "id"), String(d, "uri"), status, String(d, "key"),
                String(d, "error"), created, eventId, eventKey, eventCreated, raw, index));
        }
        return new WebhookDeliveryList(deliveries, known: true);
    }

    private static void RequireObject(JsonElement element, string expected)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"expected a JSON object ({expected}), got {element.ValueKind}");
        }
        string? kind = String(element, "object");
        if (kind != expected)
        {
            throw new FormatException($"expected object \"{expected}\", got {(kind is null ? "none" : "\"" + kind + "\"")}");
        }
    }

    private static long? Int64(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
