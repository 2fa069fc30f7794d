using System;
using System.Collections;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using OmiseEvents.Http;

namespace OmiseEvents.Webhooks;

/// <summary>
/// POSTs one webhook the way Omise does and reports what came back, on the process's shared client
/// (redirects not followed; it holds no key or address, which the API client adds per request, so
/// nothing of a connection's travels to a handler).
/// </summary>
internal static class WebhookSender
{
    public const int MaxResponseBytes = 4096;

    private static HttpClient Http => OmiseApiClient.Shared;

    /// <summary>The request for one attempt; the signature headers come from <paramref name="signature"/>, made now.</summary>
    public static HttpRequestMessage Request(Uri uri, byte[] body, (string Timestamp, string Signature)? signature, IDictionary? headers, string userAgent)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        if (signature is var (timestamp, value))
        {
            request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp);
            request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, value);
        }
        if (headers is not null)
        {
            foreach (DictionaryEntry header in headers)
            {
                string name = header.Key.ToString()!;
                string text = header.Value?.ToString() ?? "";
                request.Headers.Remove(name);
                if (!request.Headers.TryAddWithoutValidation(name, text))
                {
                    request.Content.Headers.Remove(name);
                    request.Content.Headers.TryAddWithoutValidation(name, text);
                }
            }
        }
        return request;
    }

    /// <summary>Sends and reads the answer; a failure is an attempt without a status, never an exception (except for Ctrl+C).</summary>
    public static async Task<(int? Status, string? Error, string? Response, TimeSpan Duration)> SendAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            string text = await OmiseApiClient.ReadBoundedAsync(response.Content, MaxResponseBytes, deadline.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, null, text, watch.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return (null, FormattableString.Invariant($"No answer within {timeout.TotalSeconds:0.#} seconds."), null, watch.Elapsed);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return (null, OmiseNetworkException.Innermost(e).Message, null, watch.Elapsed);
        }
    }
}
