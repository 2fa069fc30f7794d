using System;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace OmiseEvents.Http;

/// <summary>Maps an answer's body, the server's UTF-8 JSON, to what the request was for.</summary>
internal delegate T JsonBodyReader<out T>(ResponseBody body);

/// <summary>
/// GETs a path of the Omise API and maps the JSON answer, or turns the failure into an
/// <see cref="OmiseException"/> or <see cref="TimeoutException"/>. Nothing else escapes.
/// </summary>
internal sealed class OmiseApiClient
{
    private const int MaxErrorBodyBytes = 64 * 1024;
    // A larger Content-Length is believed only as far as the bytes that really arrive.
    private const int MaxPresizedBodyBytes = 16 * 1024 * 1024;

    // One client for the process's default proxy, another per connection with its own -Proxy:
    // connections are pooled per host, and credentials travel per request, so connections with
    // different keys share a client safely.
    internal static readonly HttpClient Shared = CreateClient(null);

    private readonly OmiseConnection _connection;
    private readonly IRequestLog _log;
    // When a request of this command last warned that it was retrying, on the connection's clock.
    private readonly object _warned = new();
    private TimeSpan? _lastWarning;

    public OmiseApiClient(OmiseConnection connection, IRequestLog log)
    {
        _connection = connection;
        _log = log;
    }

    /// <summary>The client for <paramref name="proxy"/>, or for the process's default proxy when null.</summary>
    internal static HttpClient CreateClient(IWebProxy? proxy) =>
        new(CreateHandler(proxy)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private static HttpClientHandler CreateHandler(IWebProxy? proxy)
    {
        var handler = new HttpClientHandler
        {
            // Null leaves HttpClient's default: HTTPS_PROXY, HTTP_PROXY and NO_PROXY, or on Windows when they are
            // not set, the system proxy; on .NET Framework, the system proxy only.
            Proxy = proxy,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            // .NET Framework would otherwise allow 2 connections a host, whatever -MaxConcurrency says.
            MaxConnectionsPerServer = OmiseConnection.MaxMaxConcurrency,
        };
        SslProtocols protocols = TlsProtocolsFor(RuntimeInformation.FrameworkDescription);
        if (protocols != SslProtocols.None)
        {
            handler.SslProtocols = protocols;
        }
        return handler;
    }

    /// <summary>
    /// Windows PowerShell 5.1 runs on .NET Framework, which may still offer only TLS 1.0/1.1 by
    /// default; Omise needs 1.2. Setting it on our own handler leaves the session's global
    /// ServicePointManager setting, which other modules rely on, as it was. Elsewhere the OS decides.
    /// </summary>
    internal static SslProtocols TlsProtocolsFor(string frameworkDescription) =>
        frameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal) ? SslProtocols.Tls12 : SslProtocols.None;

    /// <summary>
    /// GET <paramref name="relative"/> (no leading slash) and map the JSON body with
    /// <paramref name="read"/>, trying again after transient failures as the connection's retry
    /// policy allows. Nothing is returned until an attempt has fully succeeded, so a retried page
    /// is never partly written.
    /// </summary>
    public async Task<T> GetAsync<T>(string relative, JsonBodyReader<T> read, CancellationToken cancellation, Action<Exception>? onRetry = null)
    {
        var retry = _connection.Retry;
        var clock = _connection.Clock;
        var started = clock.Elapsed;
        int retries = 0;
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                return await SendOnceAsync(relative, read, cancellation).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested && retry.ShouldRetry(e, retries, waited, out var delay))
            {
                retries++;
                waited += delay;
                onRetry?.Invoke(e);
                string message = string.Format(CultureInfo.InvariantCulture, "Retry {0} of {1} in {2:0.0} s after: {3}", retries, retry.MaxRetries, delay.TotalSeconds, e.Message);
                _log.Verbose(message);
                var retrying = clock.Elapsed - started;
                if (ClaimWarning(retrying, clock.Elapsed))
                {
                    _log.Warning(string.Format(CultureInfo.InvariantCulture, "Still retrying after {0:0} s. {1}", retrying.TotalSeconds, message));
                }
                await retry.Delay(delay, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether this retry is the one to warn about (see <see cref="RetryPolicy.ShouldWarn"/>); if so, remembers when.</summary>
    private bool ClaimWarning(TimeSpan retrying, TimeSpan now)
    {
        lock (_warned)
        {
            if (!RetryPolicy.ShouldWarn(retrying, now - _lastWarning))
            {
                return false;
            }
            _lastWarning = now;
            return true;
        }
    }

    private async Task<T> SendOnceAsync<T>(string relative, JsonBodyReader<T> read, CancellationToken cancellation)
    {
        var uri = new Uri(_connection.BaseUri, relative);
        // The path as sent: a -BaseUri with a path of its own shows in it.
        string description = "GET " + uri.PathAndQuery;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_connection.RequestTimeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = _connection.Key.CreateBasicAuthorization();
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.TryAddWithoutValidation("User-Agent", _connection.UserAgent);
            request.Headers.TryAddWithoutValidation("Omise-Version", _connection.ApiVersion);
            _log.Debug($"{description} to {_connection.BaseUri}: Authorization: Basic <{_connection.KeyHint}>, Omise-Version: {_connection.ApiVersion}, User-Agent: {_connection.UserAgent}");

            using var response = await _connection.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (status < 200 || status > 299)
            {
                string error = await ReadBoundedAsync(response.Content, MaxErrorBodyBytes, timeout.Token).ConfigureAwait(false);
                _log.Verbose($"{description}: HTTP {status} in {watch.ElapsedMilliseconds} ms");
                throw ToApiException(status, error, description, RetryAfter(response.Headers.RetryAfter));
            }

            var body = await ReadBodyAsync(response.Content, timeout.Token).ConfigureAwait(false);
            T result;
            try
            {
                result = read(body);
            }
            catch (Exception e) when (e is not (OperationCanceledException or JsonException))
            {
                // JSON of a shape the reader does not expect: whatever the reader tripped on, it is the answer's fault.
                throw new OmiseProtocolException(e.Message, description, e);
            }
            finally
            {
                body.ReturnUnlessKept();
            }
            _log.Verbose($"{description}: HTTP {status} in {watch.ElapsedMilliseconds} ms");
            return result;
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new TimeoutException(string.Format(CultureInfo.InvariantCulture, "{0} did not complete within {1:0.#} seconds.", description, _connection.RequestTimeout.TotalSeconds));
        }
        catch (JsonException e)
        {
            throw new OmiseProtocolException("the body is not valid JSON (" + e.Message + ")", description, e, isTransient: true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new OmiseNetworkException(description, _connection.Endpoint, e);
        }
    }

    private static OmiseApiException ToApiException(int status, string body, string description, TimeSpan? retryAfter)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("object", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "error")
            {
                return new OmiseApiException(status, Text(root, "code"), Text(root, "message"), description, retryAfter);
            }
        }
        catch (JsonException)
        {
            // An intermediary's HTML page, or nothing: the status is all there is to go on.
        }
        return new OmiseApiException(status, null, ReasonPhrase(status), description, retryAfter);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? ReasonPhrase(int status) =>
        Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : null;

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is TimeSpan delta)
        {
            return delta;
        }
        if (header?.Date is DateTimeOffset date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>
    /// The whole body, in a buffer rented from the shared pool: sized from
    /// Content-Length where the server gives one, so a page arrives in a few large reads.
    /// </summary>
    private static async Task<ResponseBody> ReadBodyAsync(HttpContent content, CancellationToken cancellation)
    {
        long? declared = content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(declared is long size and > 0 and < MaxPresizedBodyBytes ? (int)size + 1 : 64 * 1024);
        int length = 0;
        try
        {
            using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
            int read;
            while ((read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellation).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            return new ResponseBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The first <paramref name="limit"/> bytes of a body as UTF-8 text: an error's, a webhook handler's answer.</summary>
    internal static async Task<string> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellation)
    {
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new byte[limit];
        int total = 0, read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer, total, buffer.Length - total, cancellation).ConfigureAwait(false)) > 0)
        {
            total += read;
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>The query string of a list request, with values escaped (a pinned <c>+00:00</c> must stay a plus).</summary>
    public static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var builder = new StringBuilder(path);
        char separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }
            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return builder.ToString();
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
