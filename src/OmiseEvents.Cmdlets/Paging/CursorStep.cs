using System;
using System.Collections.Generic;

namespace OmiseEvents.Paging;

/// <summary>What a listing does after an answer.</summary>
internal enum CursorState
{
    /// <summary>Ask the cursor for more requests and go on reading answers in order.</summary>
    Reading,
    /// <summary>Caught up while following: wait a poll interval, then <see cref="ListingCursor.Poll"/>.</summary>
    Waiting,
    Finished,
}

/// <summary>The cursor's answer to one page: the events to write, and what to do next.</summary>
internal sealed class CursorStep
{
    private static readonly IReadOnlyList<string> NoNotes = Array.Empty<string>();

    public static readonly CursorStep Ignored = new(Array.Empty<Event>(), CursorState.Reading, replan: false, records: 0, total: null);

    public CursorStep(IReadOnlyList<Event> events, CursorState state, bool replan, int records, long? total,
        IReadOnlyList<string>? notes = null, string? warning = null)
    {
        Events = events;
        State = state;
        Replan = replan;
        Records = records;
        Total = total;
        Notes = notes ?? NoNotes;
        Warning = warning;
    }

    /// <summary>Events to write, in order: past -After, -Key, -Skip and -First already.</summary>
    public IReadOnlyList<Event> Events { get; }
    public CursorState State { get; }
    /// <summary>Requests already sent were planned on positions that no longer hold: drop them.</summary>
    public bool Replan { get; }
    /// <summary>New records this page moved the listing on by (before -Key), for progress.</summary>
    public int Records { get; }
    /// <summary>The answer's total, for progress; null for an ignored answer.</summary>
    public long? Total { get; }
    /// <summary>What the cursor did and why, for -Verbose.</summary>
    public IReadOnlyList<string> Notes { get; }
    public string? Warning { get; }
}
