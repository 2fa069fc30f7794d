using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OmiseEvents.Webhooks;

/// <summary>
/// Omise's webhook signature, and only it: no I/O, no clock, no secret handling. What is known of
/// the scheme is agreed by receivers rather than read in Omise's own words (docs/ARCHITECTURE.md),
/// so every fact of it is stated here once: the header names, the signed text
/// <c>timestamp + "." + body</c>, lower-case hex HMAC-SHA256 keyed with the base64-decoded secret,
/// comma-separated signatures while a secret rotates.
/// </summary>
internal static class WebhookSignature
{
    public const string SignatureHeader = "Omise-Signature";
    public const string TimestampHeader = "Omise-Signature-Timestamp";
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The timestamp header's text for <paramref name="utcNow"/>: Unix seconds.</summary>
    public static string Timestamp(DateTime utcNow) =>
        new DateTimeOffset(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The signature header's value: lower-case hex HMAC-SHA256 over <c>timestamp.body</c>.</summary>
    public static string Sign(byte[] key, string timestamp, byte[] body)
    {
        byte[] mac = Mac(key, timestamp, body);
        var hex = new StringBuilder(mac.Length * 2);
        foreach (byte b in mac)
        {
            hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return hex.ToString();
    }

    /// <summary>
    /// Whether <paramref name="signatureHeader"/> holds a genuine signature of <paramref name="body"/>
    /// made at <paramref name="timestampHeader"/>, and that time is within <paramref name="tolerance"/>
    /// of <paramref name="utcNow"/>. Each signature is compared in constant time.
    /// </summary>
    public static WebhookSignatureCheck Verify(byte[] key, byte[] body, string? signatureHeader, string? timestampHeader, DateTime utcNow, TimeSpan tolerance)
    {
        if (string.IsNullOrWhiteSpace(timestampHeader)
            || !long.TryParse(timestampHeader!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return new WebhookSignatureCheck(WebhookSignatureResult.MalformedTimestamp, null, null);
        }
        DateTime signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        TimeSpan age = utcNow - signedAt;
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return new WebhookSignatureCheck(WebhookSignatureResult.MissingSignature, signedAt, age);
        }
        if (age.Duration() > tolerance)
        {
            return new WebhookSignatureCheck(WebhookSignatureResult.TimestampOutsideTolerance, signedAt, age);
        }
        byte[] expected = Encoding.ASCII.GetBytes(Sign(key, timestampHeader.Trim(), body));
        bool match = false;
        foreach (string candidate in signatureHeader!.Split(','))
        {
            // Every candidate is compared, so the time taken does not tell which one matched.
            match |= FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate.Trim()));
        }
        return new WebhookSignatureCheck(match ? WebhookSignatureResult.Valid : WebhookSignatureResult.Mismatch, signedAt, age);
    }

    private static byte[] Mac(byte[] key, string timestamp, byte[] body)
    {
        using var hmac = new HMACSHA256(key);
        byte[] prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        hmac.TransformBlock(prefix, 0, prefix.Length, null, 0);
        hmac.TransformFinalBlock(body, 0, body.Length);
        return hmac.Hash!;
    }

    /// <summary>
    /// Equal bytes, in a time that depends only on the lengths (CryptographicOperations.FixedTimeEquals
    /// is not in netstandard2.0). Signatures are of a public length, so a length mismatch may return early.
    /// </summary>
    internal static bool FixedTimeEquals(byte[] left, byte[] right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < left.Length; i++)
        {
            difference |= left[i] ^ right[i];
        }
        return difference == 0;
    }
}
