using System;

namespace OmiseEvents.Commands;

/// <summary>
/// Where the module may send: absolute http(s) only, and http only to a loopback address (a local
/// emulator or handler), so nothing secret crosses a network unencrypted. Connect-Omise -BaseUri
/// and Send-OmiseWebhook -Uri follow this one rule.
/// </summary>
internal static class EndpointUri
{
    public static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    public static bool IsInsecure(Uri uri) => uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback;
}
