using System;
using System.Net.Http;
using OmiseEvents.Http;
using OmiseEvents.Paging;
using OmiseEvents.Session;

namespace OmiseEvents;

/// <summary>
/// Where and how to reach Omise: what Connect-Omise stores for the session and every Get cmdlet
/// takes through -Connection. Shows which key it uses only as a hint; the key itself is not reachable from here.
/// </summary>
public sealed class OmiseConnection
{
    public static readonly Uri DefaultBaseUri = new("https://api.omise.co/");
    public const string DefaultApiVersion = "2019-05-29";

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(60);
    // Measured (BENCHMARKS.md): at 50 ms a round trip, 4 cannot list 5 times faster than one request at a time; 8 can.
    public const int DefaultMaxConcurrency = 8;
    internal const int MaxMaxConcurrency = 16;

    internal OmiseConnection(ProtectedSecretKey key, Uri baseUri, string apiVersion, string userAgent, DateTime connectedAt, TimeSpan requestTimeout,
        RetryPolicy? retry = null, int maxConcurrency = DefaultMaxConcurrency, WaitClock? clock = null, Uri? proxy = null, HttpClient? http = null)
    {
        Proxy = proxy;
        Http = http ?? OmiseApiClient.Shared;
        Clock = clock ?? WaitClock.System;
        Key = key;
        MaxConcurrency = maxConcurrency;
        RequestTimeout = requestTimeout;
        Retry = retry ?? new RetryPolicy(RetryPolicy.DefaultMaxRetries);
        BaseUri = baseUri;
        ApiVersion = apiVersion;
        UserAgent = userAgent;
        ConnectedAt = connectedAt;
    }

    /// <summary>Test or live, from the key's prefix.</summary>
    public OmiseMode Mode => Key.Mode;
    public Uri BaseUri { get; }
    public string ApiVersion { get; }
    /// <summary>The key's prefix and last four characters, e.g. <c>skey_test_…abcd</c>.</summary>
    public string KeyHint => Key.Hint;
    /// <summary>UTC.</summary>
    public DateTime ConnectedAt { get; }
    /// <summary>How long one HTTP request may take, body included.</summary>
    public TimeSpan RequestTimeout { get; }
    /// <summary>How many times a request that failed transiently (429, 5xx, no answer, timeout) is tried again.</summary>
    public int MaximumRetryCount => Retry.MaxRetries;
    /// <summary>How many pages of one listing may be requested at once (halved for the rest of a listing after a 429).</summary>
    public int MaxConcurrency { get; }

    /// <summary>
    /// The proxy every request goes through (from -Proxy, without any user name or password), or
    /// null for the process's default: HTTPS_PROXY, HTTP_PROXY and NO_PROXY, or on Windows when they are not set, the system proxy.
    /// </summary>
    public Uri? Proxy { get; }

    internal ProtectedSecretKey Key { get; }
    /// <summary>The client requests are sent with; it holds the proxy and its credentials, which nothing here shows.</summary>
    internal HttpClient Http { get; }
    /// <summary>Where connections are made, for messages: the proxy when there is one of our own, else the API's host and port.</summary>
    internal string Endpoint => Proxy is { } proxy ? $"the proxy {proxy.Host}:{proxy.Port}" : $"{BaseUri.Host}:{BaseUri.Port}";
    internal string UserAgent { get; }
    internal RetryPolicy Retry { get; }
    /// <summary>What -Wait waits on.</summary>
    internal WaitClock Clock { get; }

    /// <summary>The same connection with another retry policy (tests use it to record waits instead of sleeping).</summary>
    internal OmiseConnection WithRetry(RetryPolicy retry) => new(Key, BaseUri, ApiVersion, UserAgent, ConnectedAt, RequestTimeout, retry, MaxConcurrency, Clock, Proxy, Http);

    /// <summary>The same connection waiting on another clock (tests use it so -Wait never sleeps).</summary>
    internal OmiseConnection WithClock(WaitClock clock) => new(Key, BaseUri, ApiVersion, UserAgent, ConnectedAt, RequestTimeout, Retry, MaxConcurrency, clock, Proxy, Http);

    public override string ToString() => $"{Mode} {KeyHint} {BaseUri}";
}
