using System;

namespace OmiseEvents.Paging;

/// <summary>What to list: a path of the API, the window, and what of it to write; already validated.</summary>
internal sealed class EventListRequest
{
    public EventListRequest(string path, DateTime? fromUtc, DateTime? toUtc, EventOrder order, int pageSize,
        ulong skip = 0, ulong first = ulong.MaxValue, Func<string, bool>? keyMatches = null, Event? after = null,
        bool follow = false, string? chargeId = null)
    {
        Path = path;
        FromUtc = fromUtc;
        ToUtc = toUtc;
        Order = order;
        PageSize = pageSize;
        Skip = skip;
        First = first;
        KeyMatches = keyMatches;
        After = after;
        Follow = follow;
        ChargeId = chargeId;
    }

    /// <summary><c>events</c> or <c>charges/{id}/events</c>, relative to the base URI.</summary>
    public string Path { get; }
    public DateTime? FromUtc { get; }
    public DateTime? ToUtc { get; }
    public EventOrder Order { get; }
    /// <summary>Records per request (the API allows 1 to 100).</summary>
    public int PageSize { get; }
    /// <summary>-Skip: events not to write first.</summary>
    public ulong Skip { get; }
    /// <summary>-First: events to write at most.</summary>
    public ulong First { get; }
    /// <summary>-Key: which event keys to write; null for all.</summary>
    public Func<string, bool>? KeyMatches { get; }
    /// <summary>-After: the checkpoint, as the server returned it; only what comes after it is written.</summary>
    public Event? After { get; }
    /// <summary>-Wait: once caught up, keep polling for new events.</summary>
    public bool Follow { get; }
    /// <summary>The charge whose events these are, for events listed without <c>data</c>.</summary>
    public string? ChargeId { get; }

    /// <summary>
    /// -Skip can go to the server as the first offset only when the server's records are exactly
    /// the stream the window counts: no -Key filter, no checkpoint to find first, and no polls that
    /// would start counting again.
    /// </summary>
    public bool ServerSkips => KeyMatches is null && After is null && !Follow;
}
