using System;
using System.Management.Automation;

namespace OmiseEvents;

/// <summary>
/// One attempt by Omise to deliver an event to a merchant's webhook endpoint. It names its event
/// (<see cref="EventId"/>, <see cref="EventKey"/>, <see cref="EventCreated"/>), so a delivery taken
/// out of its event (<c>ForEach-Object WebhookDeliveries</c>) can still be traced back to it.
/// </summary>
public sealed class WebhookDelivery
{
    private readonly byte[] _eventJson;
    private readonly int _index;

    internal WebhookDelivery(string? id, string? uri, int? status, string? key, string? error, DateTime? created,
        string eventId, string eventKey, DateTime eventCreated, byte[] eventJson, int index)
    {
        _eventJson = eventJson;
        _index = index;
        EventId = eventId;
        EventKey = eventKey;
        EventCreated = eventCreated;
        Id = id;
        Uri = uri;
        Status = status;
        Key = key;
        Error = error;
        Created = created;
    }

    /// <summary>The id of the event that was delivered.</summary>
    public string EventId { get; }
    /// <summary>The key of the event that was delivered, e.g. <c>charge.create</c>.</summary>
    public string EventKey { get; }
    /// <summary>When the delivered event happened, in UTC; <see cref="Created"/> is when this attempt was made.</summary>
    public DateTime EventCreated { get; }
    public string? Id { get; }
    /// <summary>The endpoint the event was sent to.</summary>
    public string? Uri { get; }
    /// <summary>The HTTP status the endpoint answered, or null when delivery failed (timeout, connection refused).</summary>
    public int? Status { get; }
    /// <summary>The key as the delivery records it: the event's key.</summary>
    public string? Key { get; }
    /// <summary>Why the delivery got no answer, e.g. <c>Net::ReadTimeout</c>; null when the endpoint answered.</summary>
    public string? Error { get; }
    /// <summary>When this attempt was made, in UTC.</summary>
    public DateTime? Created { get; }
    /// <summary>True when the endpoint answered with a 2xx status.</summary>
    public bool Succeeded => Status is >= 200 and < 300;
    /// <summary>
    /// The event exactly as it was delivered, as a JSON string: <c>$d.Payload | ConvertFrom-Json</c>
    /// shows what the endpoint received. Hidden from views and exports: it repeats the whole event.
    /// Read from the event's JSON when asked for: unescaping every payload of every event costs more
    /// than the rest of reading a page.
    /// </summary>
    [Hidden]
    public string? Payload
    {
        get
        {
            using var document = System.Text.Json.JsonDocument.Parse(_eventJson);
            return document.RootElement.TryGetProperty("webhook_deliveries", out var list)
                && list.ValueKind == System.Text.Json.JsonValueKind.Array && list.GetArrayLength() > _index
                && list[_index].ValueKind == System.Text.Json.JsonValueKind.Object
                && list[_index].TryGetProperty("payload", out var payload) && payload.ValueKind == System.Text.Json.JsonValueKind.String
                ? payload.GetString()
                : null;
        }
    }

    public override string ToString() => Id ?? string.Empty;
}
