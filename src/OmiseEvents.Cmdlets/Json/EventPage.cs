using System.Collections.Generic;

namespace OmiseEvents.Json;

/// <summary>One list envelope: its events and the paging facts it states.</summary>
internal sealed class EventPage
{
    public EventPage(IReadOnlyList<Event> events, long total, long offset, long? limit, string? from, string? to)
    {
        Events = events;
        Total = total;
        Offset = offset;
        Limit = limit;
        From = from;
        To = to;
    }

    public IReadOnlyList<Event> Events { get; }
    /// <summary>Every record between from and to, not just this page.</summary>
    public long Total { get; }
    public long Offset { get; }
    /// <summary>The limit the server says it applied; null when it does not say.</summary>
    public long? Limit { get; }
    /// <summary>The server's <c>from</c> and <c>to</c>, verbatim, to pin on later pages.</summary>
    public string? From { get; }
    public string? To { get; }
}
