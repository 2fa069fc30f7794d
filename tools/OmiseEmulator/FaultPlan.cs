using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace OmiseEmulator;

public enum FaultKind
{
    None,
    /// <summary>429 with <c>Retry-After: 1</c>.</summary>
    RateLimited,
    /// <summary>429 without Retry-After (Omise documents the status, not the header).</summary>
    RateLimitedNoRetryAfter,
    /// <summary>429 with Retry-After as an HTTP-date.</summary>
    RateLimitedHttpDate,
    /// <summary>500 with an Omise-style JSON error.</summary>
    ServerError,
    /// <summary>502 with an HTML page, as a proxy sends it.</summary>
    BadGatewayHtml,
    /// <summary>503 with an HTML page.</summary>
    ServiceUnavailableHtml,
    /// <summary>504 with no body.</summary>
    GatewayTimeout,
    /// <summary>The connection is reset before anything is sent.</summary>
    ResetBeforeResponse,
    /// <summary>Half the body, then the connection is reset.</summary>
    ResetMidBody,
    /// <summary>A complete 200 response whose JSON is cut in half.</summary>
    TruncatedJson,
    /// <summary>Headers and a little of the body, then nothing until the client gives up.</summary>
    SlowBody,
}

/// <summary>
/// Which requests fail, and how. The decision for a request depends only on the seed, the
/// request's path and query, and how many times that same request was made before, so a plan
/// replays identically however requests interleave; and no request fails more than
/// <see cref="MaxFaultsPerRequest"/> times, so a client that retries enough always gets through.
/// </summary>
public sealed class FaultPlan
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<FaultKind, int> _injected = new();
    private readonly (FaultKind Kind, double Cumulative)[] _kinds;
    private readonly int _seed;

    public FaultPlan(int seed, double rate, IReadOnlyDictionary<FaultKind, double>? weights = null, int maxFaultsPerRequest = 3)
    {
        _seed = seed;
        Rate = rate;
        MaxFaultsPerRequest = maxFaultsPerRequest;
        weights ??= Enum.GetValues<FaultKind>().Where(k => k != FaultKind.None).ToDictionary(k => k, _ => 1.0);
        double sum = 0;
        _kinds = weights.Where(w => w.Value > 0).OrderBy(w => w.Key).Select(w => (w.Key, sum += w.Value)).ToArray();
    }

    public double Rate { get; }
    public int MaxFaultsPerRequest { get; }
    /// <summary>How long a <see cref="FaultKind.SlowBody"/> stalls unless the client hangs up first.</summary>
    public TimeSpan SlowBodyStall { get; init; } = TimeSpan.FromMinutes(5);

    public IReadOnlyDictionary<FaultKind, int> Injected => _injected.ToDictionary(p => p.Key, p => p.Value);
    public int TotalInjected => _injected.Values.Sum();

    /// <summary>The fault for this request, counting it as one more attempt at <paramref name="requestKey"/>.</summary>
    public FaultKind Decide(string requestKey)
    {
        int attempt = _attempts.AddOrUpdate(requestKey, 1, (_, n) => n + 1) - 1;
        if (attempt >= MaxFaultsPerRequest || Unit(requestKey, attempt, 0) >= Rate)
        {
            return FaultKind.None;
        }
        double x = Unit(requestKey, attempt, 1) * _kinds[^1].Cumulative;
        var kind = _kinds.First(k => x < k.Cumulative).Kind;
        _injected.AddOrUpdate(kind, 1, (_, n) => n + 1);
        return kind;
    }

    private double Unit(string key, int attempt, int salt) => StableRandom.Unit($"{key}|{attempt}|{salt}", _seed);
}
