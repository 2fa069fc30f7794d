using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace OmiseEmulator;

/// <summary>A request as the emulator received it. Recorded when it arrives, so a request the client cancelled still counts.</summary>
public sealed class RecordedRequest
{
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required IReadOnlyDictionary<string, string> Query { get; init; }
    public string? UserAgent { get; init; }
    public string? ApiVersion { get; init; }
    public string? Accept { get; init; }
    public string? Authorization { get; init; }
    public int Status { get; set; }
    /// <summary>The fault the plan injected into this request, if any.</summary>
    public FaultKind Fault { get; set; }

    public override string ToString() => $"{Method} {Path}?{string.Join("&", Query.Select(q => q.Key + "=" + q.Value))} -> {Status}";
}

public sealed class RequestLog
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public int Count => _requests.Count;

    public IReadOnlyList<RecordedRequest> Snapshot() => _requests.ToArray();

    public void Clear() => _requests.Clear();

    internal void Add(RecordedRequest request) => _requests.Enqueue(request);
}
