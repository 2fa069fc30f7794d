using System;
using System.Collections.Generic;
using System.Globalization;
using OmiseEvents.Json;

namespace OmiseEvents.Paging;

/// <summary>
/// The whole state of one listing, with no I/O and no clock: which page to ask for next, and what
/// each answer means (write these events, ask again from here, finished, or wait and poll). It owns
/// pinning the window, finding its place again when the server's numbering moves, the -After
/// boundary, the -Key/-Skip/-First window and following. <see cref="EventPager"/> does the I/O.
/// </summary>
/// <remarks>
/// The server numbers a window's records by offset, and the numbering moves while we page: new
/// events arrive inside the pinned <c>to</c>'s second, at the newest end; the oldest expire, whole
/// seconds at a time. So every request after the first repeats the last record read, the anchor,
/// and an answer is trusted only relative to it. Anchor first on the page: nothing moved. Later on
/// the page: records arrived before it, and are skipped. Not on the page: in reverse-chronological
/// order only arrivals move it, and only forward, so look further on; in chronological order only
/// expiries move it, and only back, so look for it from the start of its own second (a window that
/// starts there, so expiries before it no longer move anything). Not found anywhere: it expired,
/// and so did everything before it, so every record still there comes after it. -After starts with
/// the checkpoint as the anchor; following polls for what comes after the anchor.
/// </remarks>
internal sealed class ListingCursor
{
    /// <summary>How long Omise keeps events.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    /// <summary>A checkpoint this close to the retention limit is warned about: the next run may come too late.</summary>
    public static readonly TimeSpan RetentionWarning = TimeSpan.FromDays(7);

    private enum Phase { Reading, Seeking, Waiting, Finished }

    private readonly EventOrder _order;
    private readonly Func<string, bool>? _keyMatches;
    private readonly OutputWindow _output;
    private readonly bool _serverSkips;
    private readonly bool _follow;
    private readonly string? _requestedFrom;
    private readonly string? _requestedTo;
    private readonly Event? _checkpoint;

    private int _pageSize;
    private string? _from;
    private string? _to;
    private bool _pinned;
    private long? _total;
    private Event? _anchor;
    // How many events of the anchor's second the server lists before it; null when not known.
    private long? _anchorSecondIndex;
    // The offset, in the window, of the record after the anchor (of the first record to read while there is none).
    private long _next;
    // Where the next planned request starts reading records that are new.
    private long _planned;
    private int _outstanding;
    private int _generation;
    // While seeking in chronological order: whether the search began at the start of the anchor's second.
    private bool _scanFromStart;
    private bool _checkpointAgeChecked;
    private Phase _phase;

    public ListingCursor(EventListRequest request)
    {
        _order = request.Order;
        _keyMatches = request.KeyMatches;
        _serverSkips = request.ServerSkips;
        _output = new OutputWindow(_serverSkips ? 0 : request.Skip, request.First);
        _follow = request.Follow;
        _pageSize = request.PageSize;
        _requestedFrom = request.FromUtc is DateTime from ? OmiseTime.Format(from) : null;
        _requestedTo = request.ToUtc is DateTime to ? OmiseTime.Format(to) : null;
        _from = _requestedFrom;
        _to = _requestedTo;
        _checkpoint = request.After;
        if (_checkpoint is not null)
        {
            _anchor = _checkpoint;
            StartSeeking(hint: null);
        }
        else
        {
            _next = _planned = _serverSkips ? (long)Math.Min(request.Skip, long.MaxValue) : 0;
        }
    }

    public bool IsWaiting => _phase == Phase.Waiting;

    /// <summary>The next request to send, if one may be sent now; call until false, up to the concurrency allowed.</summary>
    public bool TryPlan(out PageRequest request)
    {
        request = null!;
        bool windowUnknown = _total is null;
        if (_phase is Phase.Waiting or Phase.Finished || ((windowUnknown || _phase == Phase.Seeking) && _outstanding > 0))
        {
            return false;
        }
        if (_phase == Phase.Seeking)
        {
            request = Plan(_next, _pageSize, repeatsAnchor: false, sentAfterAnchor: true);
            return true;
        }

        long start = _planned;
        if (_total is long total && start >= total)
        {
            return false;
        }
        bool repeat = _anchor is not null || start > _next;
        long fresh = Math.Max(_pageSize, repeat ? 2 : 1) - (repeat ? 1 : 0);
        if (_serverSkips)
        {
            // The stream is the output: ask for no more than -First still wants (one record at least, for -IncludeTotalCount).
            ulong wanted = Math.Max(_output.Remaining, 1), planned = (ulong)(_planned - _next);
            if (wanted <= planned)
            {
                return false;
            }
            fresh = (long)Math.Min((ulong)fresh, wanted - planned);
        }
        if (_total is long known)
        {
            fresh = Math.Min(fresh, known - start);
        }
        request = Plan(start - (repeat ? 1 : 0), (int)fresh + (repeat ? 1 : 0), repeat, sentAfterAnchor: start == _next);
        return true;
    }

    private PageRequest Plan(long offset, int limit, bool repeatsAnchor, bool sentAfterAnchor)
    {
        _planned = offset + limit;
        _outstanding++;
        return new PageRequest(_generation, offset, limit, _from, _to, _order, repeatsAnchor, sentAfterAnchor, _planned);
    }

    /// <summary>Takes the answer to <paramref name="request"/>; answers must come in the order the requests were planned.</summary>
    public CursorStep Accept(PageRequest request, EventPage page)
    {
        if (request.Generation != _generation || _phase is Phase.Waiting or Phase.Finished)
        {
            return CursorStep.Ignored;
        }
        _outstanding--;
        var notes = new List<string>();
        string? warning = null;
        if (!_pinned)
        {
            _from = page.From ?? _from;
            _to = page.To ?? _to;
            _pinned = true;
            warning = CheckpointAgeWarning(page.To);
        }
        if (page.Limit is long served && served >= 1 && served < request.Limit && served < _pageSize)
        {
            _pageSize = (int)served;
            notes.Add($"The server answers at most {served} records a request: asking for that many from now on.");
        }
        _total = page.Total;

        var events = page.Events;
        long offset = request.Offset;
        bool atEnd = events.Count == 0 || offset + events.Count >= page.Total;
        int begin = 0;
        if (_phase == Phase.Seeking || (request.RepeatsAnchor && _anchor is not null))
        {
            int at = IndexOf(events, _anchor!.Id);
            if (at < 0)
            {
                return AnchorNotOnPage(request, events, atEnd, page.Total, notes, warning);
            }
            if (_phase == Phase.Seeking)
            {
                // Seeking windows start at the anchor's second, so its offset is its place in that second.
                _anchorSecondIndex = offset + at;
                _phase = Phase.Reading;
            }
            else if (at > 0)
            {
                notes.Add($"{at} event(s) arrived ahead of {_anchor.Id} while listing: going on after it.");
            }
            begin = at + 1;
        }

        var written = new List<Event>();
        for (int i = begin; i < events.Count && _phase != Phase.Finished; i++)
        {
            var e = events[i];
            _anchorSecondIndex = _anchor is null ? (offset + i == 0 ? 0L : null)
                : SecondOf(_anchor) == SecondOf(e) ? _anchorSecondIndex + 1 : 0;
            _anchor = e;
            if ((_keyMatches is null || _keyMatches(e.Key)) && _output.Admit())
            {
                written.Add(e);
            }
            if (_output.IsFull)
            {
                _phase = Phase.Finished;
            }
        }
        int records = Math.Max(0, events.Count - begin);
        _next = offset + events.Count;

        if (_phase != Phase.Finished && atEnd)
        {
            _phase = _follow ? Phase.Waiting : Phase.Finished;
        }
        bool replan = _phase == Phase.Reading && _next != request.PlannedEnd;
        if (replan)
        {
            notes.Add($"The server answered {events.Count} of {request.Limit} records before the end of the list: asking again from offset {_next}.");
            Replan();
        }
        return Step(written, replan, records, page.Total, notes, warning);
    }

    /// <summary>After waiting: the next poll, a new window from the anchor's second to the server's now.</summary>
    public void Poll()
    {
        if (_phase != Phase.Waiting)
        {
            throw new InvalidOperationException("Poll is for a cursor that is waiting.");
        }
        _to = _requestedTo;
        _pinned = false;
        if (_anchor is null)
        {
            // Nothing was there to read: the same window again, now up to the server's now.
            _from = _requestedFrom;
            _next = 0;
            _phase = Phase.Reading;
            Replan();
            return;
        }
        StartSeeking(_anchorSecondIndex);
    }

    /// <summary>
    /// The anchor is not on the page that should hold it: the numbering moved by more than a page,
    /// or, while seeking, it is further on or gone.
    /// </summary>
    private CursorStep AnchorNotOnPage(PageRequest request, IReadOnlyList<Event> events, bool atEnd, long total, List<string> notes, string? warning)
    {
        var anchor = _anchor!;
        long offset = request.Offset;
        if (!request.SentAfterAnchor)
        {
            // Read ahead, and perhaps answered before the page in front of it: ask again, now.
            notes.Add($"{anchor.Id} is not where a page read ahead expected it: asking again from offset {_next - 1}.");
            Replan();
            return Step(Array.Empty<Event>(), replan: true, 0, total, notes, warning);
        }
        if (_order == EventOrder.ReverseChronological)
        {
            // Only arrivals move records in this order, and only forward: the anchor is further on, unless it expired.
            if (atEnd)
            {
                notes.Add($"{anchor.Id} expired while listing, and every event older than it with it: the listing is complete.");
                _phase = Phase.Finished;
                return Step(Array.Empty<Event>(), replan: false, 0, total, notes, warning);
            }
            notes.Add($"{anchor.Id} is not where it was: events arrived ahead of it; looking further on, from offset {offset + events.Count}.");
            bool wasSeeking = _phase == Phase.Seeking;
            _phase = Phase.Seeking;
            _next = offset + events.Count;
            if (!wasSeeking)
            {
                Replan();
            }
            return Step(Array.Empty<Event>(), replan: !wasSeeking, 0, total, notes, warning);
        }

        if (_phase == Phase.Reading)
        {
            notes.Add($"The oldest events expired while listing, moving the rest: finding {anchor.Id} again from its second ({OmiseTime.Format(SecondOf(anchor))}).");
            StartSeeking(_anchorSecondIndex);
            return Step(Array.Empty<Event>(), replan: true, 0, total, notes, warning);
        }

        bool passedItsSecond = false;
        foreach (var e in events)
        {
            passedItsSecond |= SecondOf(e) > SecondOf(anchor);
        }
        if (!passedItsSecond && !atEnd)
        {
            // Still among the events of its second that come before it.
            _next = offset + events.Count;
            return Step(Array.Empty<Event>(), replan: false, 0, total, notes, warning);
        }
        if (!_scanFromStart)
        {
            notes.Add($"{anchor.Id} is not where it was in its second: looking from the start of its second.");
            StartSeeking(hint: null);
            return Step(Array.Empty<Event>(), replan: true, 0, total, notes, warning);
        }
        // Its whole second was read from the start without it: it expired, and everything before it with it.
        notes.Add($"{anchor.Id} expired while listing: every event still listed from its second on comes after it.");
        _anchor = null;
        _anchorSecondIndex = null;
        _next = 0;
        _phase = Phase.Reading;
        Replan();
        return Step(Array.Empty<Event>(), replan: true, 0, total, notes, warning);
    }

    /// <summary>Looks for the anchor in a window that starts at its second, at <paramref name="hint"/> or else from the start.</summary>
    private void StartSeeking(long? hint)
    {
        _from = OmiseTime.Format(SecondOf(_anchor!));
        _next = hint ?? 0;
        _scanFromStart = _next == 0;
        _phase = Phase.Seeking;
        Replan();
    }

    /// <summary>
    /// Forgets the requests planned so far: their answers will be ignored. The total they told may
    /// belong to other numbering too, so the next request goes alone and tells it again.
    /// </summary>
    private void Replan()
    {
        _generation++;
        _outstanding = 0;
        _planned = _next;
        _total = null;
    }

    private CursorStep Step(IReadOnlyList<Event> written, bool replan, int records, long total, List<string> notes, string? warning)
    {
        var state = _phase switch
        {
            Phase.Finished => CursorState.Finished,
            Phase.Waiting => CursorState.Waiting,
            _ => CursorState.Reading,
        };
        return new CursorStep(written, state, replan, records, total, notes, warning);
    }

    private string? CheckpointAgeWarning(string? serverNow)
    {
        if (_checkpoint is null || _checkpointAgeChecked || !OmiseTime.TryParse(serverNow, out DateTime now))
        {
            return null;
        }
        _checkpointAgeChecked = true;
        var left = _checkpoint.Created + Retention - now;
        if (left >= RetentionWarning)
        {
            return null;
        }
        return string.Format(CultureInfo.InvariantCulture,
            "The checkpoint {0} was created {1:yyyy-MM-dd HH:mm:ss}Z and Omise deletes events after 90 days: it will be gone in {2:0.#} days. "
            + "A run after that cannot resume from it; run more often, or resume from a later event.",
            _checkpoint.Id, _checkpoint.Created, Math.Max(0, left.TotalDays));
    }

    private static int IndexOf(IReadOnlyList<Event> events, string id)
    {
        for (int i = 0; i < events.Count; i++)
        {
            if (string.Equals(events[i].Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The API's times have whole seconds; events that share one are ordered by the server alone.</summary>
    private static DateTime SecondOf(Event e) =>
        new(e.Created.Ticks - e.Created.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
