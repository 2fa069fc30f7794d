using System;
using System.Globalization;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>
/// The form a time takes in the API's list parameters and in the module's CSV cells, written out
/// here rather than taken from the module, so a test of it does not agree with the module by construction.
/// </summary>
public static class IsoTime
{
    /// <summary><paramref name="utc"/> to the second: <c>yyyy-MM-ddTHH:mm:ssZ</c>.</summary>
    public static string Of(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
