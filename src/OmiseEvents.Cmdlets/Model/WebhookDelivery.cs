using System;
using System.Management.Automation;

namespace OmiseEvents;

/// <summary>One attempt by Omise to deliver an event to a merchant's webhook endpoint.</summary>
public sealed class WebhookDelivery
{
    internal WebhookDelivery(string? id, string? uri, int? status, string? key, string? error, DateTime? created, string? payload)
    {
        Id = id;
        Uri = uri;
        Status = status;
        Key = key;
        Error = error;
        Created = created;
        Payload = payload;
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
    /// <summary>The event exactly as it was delivered, as a JSON string. Hidden: it repeats the whole event.</summary>
    [Hidden]
    public string? Payload { get; }

    public override string ToString() => Id ?? string.Empty;
}
