using System;
using System.Threading;
using System.Threading.Tasks;

namespace OmiseEvents.Http;

/// <summary>
/// When and how long to wait before trying a request again. Transient failures only (429, 500,
/// 502, 503, 504, no answer, a timeout, a body that is not valid JSON); exponential backoff with
/// jitter, or the server's Retry-After; bounded both in attempts and in total time waited.
/// </summary>
internal sealed class RetryPolicy
{
    public const int DefaultMaxRetries = 5;
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultMaxTotalWait = TimeSpan.FromMinutes(2);

    private static readonly Func<TimeSpan, CancellationToken, Task> RealDelay = Task.Delay;
    [ThreadStatic] private static Random? _random;

    public RetryPolicy(int maxRetries, Func<TimeSpan, CancellationToken, Task>? delay = null, Func<double>? random = null)
    {
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
        new(MaxRetries, delay, random ?? NextRandom);

    public static bool IsTransient(Exception failure) => failure switch
    {
        OmiseApiException e => e.StatusCode is 429 or 500 or 502 or 503 or 504,
        OmiseNetworkException => true,
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

    /// <summary>Equal jitter: half of the exponential step fixed, half random, so retries from many clients spread out.</summary>
    private TimeSpan Backoff(int retries)
    {
        double step = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, retries));
        return TimeSpan.FromMilliseconds(step / 2 + step / 2 * NextRandom());
    }
}
