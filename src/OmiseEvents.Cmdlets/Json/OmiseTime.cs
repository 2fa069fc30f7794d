using System;
using System.Globalization;

namespace OmiseEvents.Json;

/// <summary>Omise's timestamps: ISO 8601 with <c>Z</c> or <c>+00:00</c>, and the webhook form <c>2023-03-02 10:27:09 UTC</c>.</summary>
internal static class OmiseTime
{
    private const DateTimeStyles Utc = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;

    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        string s = text!.Trim();
        if (s.EndsWith(" UTC", StringComparison.OrdinalIgnoreCase))
        {
            s = s.Substring(0, s.Length - 4);
        }
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, Utc, out var parsed))
        {
            return false;
        }
        utc = parsed.UtcDateTime;
        return true;
    }

    /// <summary>The form the API's list parameters take: <c>YYYY-MM-DDThh:mm:ssZ</c>.</summary>
    public static string Format(DateTime utc) =>
        utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
