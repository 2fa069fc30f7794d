using System;
using System.Threading;
using System.Threading.Tasks;

namespace OmiseEvents.Http;

/// <summary>
/// When and how long to wait before trying a request again. Transient failures only (429, 500,
/// 502, 503, 504, no answer, a timeout, a body that is not valid JSON); exponential backoff with
/// jitter, or the server's Retry-After; bounded both in attempts and in total time waited.
/// When connecting, what a retry cannot cure there (nothing listening, a failed TLS handshake) ends
/// the request at once. Retries that go on for a while are said without -Verbose too (<see cref="ShouldWarn"/>).
/// </summary>
internal sealed class RetryPolicy
{
    public const int DefaultMaxRetries = 5;
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultMaxTotalWait = TimeSpan.FromMinutes(2);
    /// <summary>How long a request may go on retrying before the user is told without -Verbose, and how often after that.</summary>
    public static readonly TimeSpan WarnAfter = TimeSpan.FromSeconds(5);

    private static readonly Func<TimeSpan, CancellationToken, Task> RealDelay = Task.Delay;
    [ThreadStatic] private static Random? _random;

    private readonly bool _connecting;

    public RetryPolicy(int maxRetries, Func<TimeSpan, CancellationToken, Task>? delay = null, Func<double>? random = null, bool connecting = false)
    {
        _connecting = connecting;
        MaxRetries = maxRetries;
        Delay = delay ?? RealDelay;
        NextRandom = random ?? (() => (_random ??= new Random()).NextDouble());
    }

    public int MaxRetries { get; }
    public TimeSpan BaseDelay { get; } = DefaultBaseDelay;
    public TimeSpan MaxDelay { get; } = DefaultMaxDelay;
    public TimeSpan MaxTotalWait { get; } = DefaultMaxTotalWait;

    /// <summary>How to wait; tests put a recorder here so no test sleeps.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; }
    private Func<double> NextRandom { get; }

    public RetryPolicy WithDelay(Func<TimeSpan, CancellationToken, Task> delay, Func<double>? random = null) =>
        new(MaxRetries, delay, random ?? NextRandom, _connecting);

    /// <summary>
    /// The same policy for Connect-Omise's check, where a refused connection or a failed TLS handshake
    /// means the settings are wrong (a port, http for https), not that the server is restarting.
    /// </summary>
    public RetryPolicy WhenConnecting() => new(MaxRetries, Delay, NextRandom, connecting: true);

    public bool IsTransient(Exception failure) => failure switch
    {
        OmiseApiException e => e.StatusCode is 429 or 500 or 502 or 503 or 504,
        OmiseNetworkException e => e.Failure switch
        {
            NetworkFailure.ProxyAuthenticationRequired => false,
            NetworkFailure.ConnectionRefused or NetworkFailure.TlsHandshake => !_connecting,
            _ => true,
        },
        TimeoutException => true,
        OmiseProtocolException e => e.IsTransient,
        _ => false,
    };

    /// <summary>
    /// Whether to retry after <paramref name="failure"/>, having retried <paramref name="retries"/>
    /// times and waited <paramref name="waited"/> in all; if so, how long to wait first.
    /// </summary>
    public bool ShouldRetry(Exception failure, int retries, TimeSpan waited, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (retries >= MaxRetries || !IsTransient(failure))
        {
            return false;
        }
        delay = failure is OmiseApiException { RetryAfter: TimeSpan asked } ? asked : Backoff(retries);
        return waited + delay <= MaxTotalWait;
    }

    /// <summary>
    /// Whether a retry of a request that has gone on for <paramref name="retrying"/> is said as a warning:
    /// once it is past <see cref="WarnAfter"/>, unless another request of the same command said so
    /// less than <see cref="WarnAfter"/> ago (<paramref name="sinceLastWarning"/>; null if none did).
    /// </summary>
    public static bool ShouldWarn(TimeSpan retrying, TimeSpan? sinceLastWarning) =>
        retrying >= WarnAfter && !(sinceLastWarning < WarnAfter);

    /// <summary>Equal jitter: half of the exponential step fixed, half random, so retries from many clients spread out.</summary>
    private TimeSpan Backoff(int retries)
    {
        double step = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retries));
        return TimeSpan.FromMilliseconds(step / 2 + step / 2 * NextRandom());
    }
}
