using System;
using System.Management.Automation;

namespace OmiseEvents;

/// <summary>One attempt by Omise to deliver an event to a merchant's webhook endpoint.</summary>
public sealed class WebhookDelivery
{
    private readonly string _eventJson;
    private readonly int _index;

    internal WebhookDelivery(string? id, string? uri, int? status, string? key, string? error, DateTime? created, string eventJson, int index)
    {
        _eventJson = eventJson;
        _index = index;
        Id = id;
        Uri = uri;
        Status = status;
        Key = key;
        Error = error;
        Created = created;
    }

    public string? Id { get; }
    public string? Uri { get; }
    /// <summary>The HTTP status the endpoint answered, or null when delivery failed (timeout, connection refused).</summary>
    public int? Status { get; }
    public string? Key { get; }
    public string? Error { get; }
    /// <summary>UTC.</summary>
    public DateTime? Created { get; }
    /// <summary>True when the endpoint answered with a 2xx status.</summary>
    public bool Succeeded => Status is >= 200 and < 300;
    /// <summary>
    /// The event exactly as it was delivered, as a JSON string. Hidden: it repeats the whole event.
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
