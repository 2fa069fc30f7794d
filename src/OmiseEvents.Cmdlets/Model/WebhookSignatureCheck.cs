using System;

namespace OmiseEvents;

/// <summary>Why a webhook's signature was accepted or refused (Test-OmiseWebhookSignature -Detailed).</summary>
public enum WebhookSignatureResult
{
    /// <summary>One of the signatures matches, and the timestamp is within the tolerance.</summary>
    Valid,
    /// <summary>The Omise-Signature header is missing or empty.</summary>
    MissingSignature,
    /// <summary>The Omise-Signature-Timestamp header is missing or is not Unix seconds.</summary>
    MalformedTimestamp,
    /// <summary>The timestamp is further from now than the tolerance: a replayed or delayed request.</summary>
    TimestampOutsideTolerance,
    /// <summary>No signature matches the body, timestamp and secret.</summary>
    Mismatch,
}

/// <summary>The outcome of checking one webhook's signature.</summary>
public sealed class WebhookSignatureCheck
{
    internal WebhookSignatureCheck(WebhookSignatureResult result, DateTime? signedAt, TimeSpan? age)
    {
        Result = result;
        SignedAt = signedAt;
        Age = age;
    }

    /// <summary>True only for <see cref="WebhookSignatureResult.Valid"/>.</summary>
    public bool IsValid => Result == WebhookSignatureResult.Valid;
    public WebhookSignatureResult Result { get; }
    /// <summary>The time the timestamp header names, in UTC; null when it is not Unix seconds.</summary>
    public DateTime? SignedAt { get; }
    /// <summary>How long before now the request was signed (negative when its clock is ahead).</summary>
    public TimeSpan? Age { get; }

    public override string ToString() => Result.ToString();
}
