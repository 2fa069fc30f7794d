using System;

namespace OmiseEvents;

/// <summary>
/// One POST of an event to a webhook handler by Send-OmiseWebhook. Named as
/// <see cref="WebhookDelivery"/> names what means the same, so both go through the same filters,
/// views and exports. A failure (4xx/5xx, no answer, timeout) is a result like any other.
/// </summary>
public sealed class WebhookAttempt
{
    internal WebhookAttempt(string eventId, string eventKey, string uri, int? status, string? error, DateTime created, TimeSpan duration,
        string? response, bool signed, int bodyLength)
    {
        EventId = eventId;
        EventKey = eventKey;
        Uri = uri;
        Status = status;
        Error = error;
        Created = created;
        Duration = duration;
        Response = response;
        Signed = signed;
        BodyLength = bodyLength;
    }

    /// <summary>The id of the event that was sent.</summary>
    public string EventId { get; }
    /// <summary>The key of the event that was sent, e.g. <c>charge.create</c>.</summary>
    public string EventKey { get; }
    /// <summary>The handler the event was sent to.</summary>
    public string Uri { get; }
    /// <summary>The HTTP status the handler answered, or null when there was no answer (refused, timed out).</summary>
    public int? Status { get; }
    /// <summary>True when the handler answered with a 2xx status.</summary>
    public bool Succeeded => Status is >= 200 and < 300;
    /// <summary>Why there was no answer; null when the handler answered.</summary>
    public string? Error { get; }
    /// <summary>When this attempt was made, in UTC.</summary>
    public DateTime Created { get; }
    /// <summary>From sending the request to the end of the answer (or the failure).</summary>
    public TimeSpan Duration { get; }
    /// <summary>The first 4 KB of the handler's answer, as UTF-8 text; null when there was no answer.</summary>
    public string? Response { get; }
    /// <summary>Whether the request carried Omise-Signature headers.</summary>
    public bool Signed { get; }
    /// <summary>The size of the body sent, in bytes.</summary>
    public int BodyLength { get; }

    public override string ToString() => $"{EventId} {Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "---"}";
}
