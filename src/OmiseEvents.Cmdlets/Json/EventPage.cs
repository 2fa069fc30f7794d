using System.Buffers;
using System.Collections.Generic;

namespace OmiseEvents.Json;

/// <summary>One list envelope: its events and the paging facts it states.</summary>
internal sealed class EventPage
{
    private byte[]? _buffer;

    /// <param name="buffer">The pooled buffer the events' bytes are still in, if they are: see <see cref="Release"/>.</param>
    public EventPage(IReadOnlyList<Event> events, long total, long offset, long? limit, string? from, string? to, byte[]? buffer = null)
    {
        Events = events;
        Total = total;
        Offset = offset;
        Limit = limit;
        From = from;
        To = to;
        _buffer = buffer;
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

    /// <summary>
    /// Once the page's events are written: any still on the buffer (not written, but perhaps
    /// remembered by the cursor) get their own bytes, and the buffer goes back to the pool. A page
    /// never released (abandoned, or its listing stopped) leaves its buffer to the GC instead.
    /// </summary>
    public void Release()
    {
        if (_buffer is null)
        {
            return;
        }
        foreach (var e in Events)
        {
            e.Detach();
        }
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
