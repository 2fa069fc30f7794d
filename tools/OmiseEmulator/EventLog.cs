using System;
using System.Collections.Generic;
using System.Linq;

namespace OmiseEmulator;

public enum ListOrder { Chronological, ReverseChronological }

/// <summary>One page as the API answers it: the records and the count of everything in the window.</summary>
public sealed record ListResult(IReadOnlyList<StoredEvent> Page, int Total);

/// <summary>
/// The event log of one mode (test or live) of the emulated account. Reads see an immutable
/// snapshot, so events can be appended while listings page through it.
/// </summary>
public sealed class EventLog
{
    private sealed record Snapshot(StoredEvent[] Events, Dictionary<string, StoredEvent> ById, Dictionary<string, StoredEvent[]> ByCharge);

    private static readonly IComparer<StoredEvent> ByTime = Comparer<StoredEvent>.Create(
        (a, b) => a.Created != b.Created ? a.Created.CompareTo(b.Created) : a.Sequence.CompareTo(b.Sequence));

    private readonly EmulatorClock _clock;
    private readonly EventLogBuilder _builder;
    private readonly object _appendLock = new();
    private volatile Snapshot _snapshot;

    internal EventLog(int seed, int count, bool live, EmulatorClock clock)
    {
        _clock = clock;
        _builder = new EventLogBuilder(seed, live, new EventJsonWriter(seed));
        var events = _builder.Build(count, clock.UtcNow.AddMinutes(-1), EmulatorDefaults.Span);
        _snapshot = Index(events);
    }

    /// <summary>Every event ever stored, in creation order, expired ones included.</summary>
    public IReadOnlyList<StoredEvent> All => _snapshot.Events;

    public StoredEvent? Find(string id) =>
        _snapshot.ById.TryGetValue(id, out var e) && !IsExpired(e) ? e : null;

    /// <summary>The events of one charge, or null when no such charge exists in this mode.</summary>
    public IReadOnlyList<StoredEvent>? EventsOfCharge(string chargeId) =>
        _snapshot.ByCharge.TryGetValue(chargeId, out var list) ? list : null;

    /// <summary>Charge ids that have events, in order of their first event: handy for tests and demos.</summary>
    public IEnumerable<string> ChargeIds => _snapshot.ByCharge.Values.OrderBy(l => l[0].Sequence).Select(l => l[0].ChargeId!);

    /// <summary>The records a list call returns; <paramref name="source"/> defaults to the whole log.</summary>
    public ListResult List(DateTime from, DateTime to, ListOrder order, int offset, int limit, IReadOnlyList<StoredEvent>? source = null)
    {
        var window = Window(from, to, source ?? _snapshot.Events);
        int total = window.Count;
        var page = new List<StoredEvent>(Math.Max(0, Math.Min(limit, total - offset)));
        for (int i = offset; i < total && page.Count < limit; i++)
        {
            page.Add(order == ListOrder.Chronological ? window[i] : window[total - 1 - i]);
        }
        return new ListResult(page, total);
    }

    /// <summary>What a complete listing should return right now: the truth tests compare against.</summary>
    public IReadOnlyList<StoredEvent> Visible(DateTime? from = null, DateTime? to = null, ListOrder order = ListOrder.Chronological)
    {
        var window = Window(from ?? DateTime.UnixEpoch, to ?? _clock.UtcNow, _snapshot.Events);
        return order == ListOrder.Chronological ? window.ToArray() : window.Reverse().ToArray();
    }

    /// <summary>Events happening now (each a second apart, the clock moving with them).</summary>
    public IReadOnlyList<StoredEvent> Append(int count) => Append(count, TimeSpan.FromSeconds(1));

    /// <summary>
    /// Events happening now, the clock moving <paramref name="spacing"/> before each: zero puts them
    /// all in the current second, as on a busy account. <paramref name="key"/> and
    /// <paramref name="chargeId"/> choose what they are (see <see cref="EventLogBuilder.Next"/>).
    /// </summary>
    public IReadOnlyList<StoredEvent> Append(int count, TimeSpan spacing, string? key = null, string? chargeId = null)
    {
        lock (_appendLock)
        {
            var added = new List<StoredEvent>(count);
            for (int i = 0; i < count; i++)
            {
                _clock.Advance(spacing);
                added.Add(_builder.Next(_clock.UtcNow, key, chargeId));
            }
            _snapshot = Index(_snapshot.Events.Concat(added));
            return added;
        }
    }

    private bool IsExpired(StoredEvent e) => e.Created < _clock.UtcNow - EmulatorDefaults.Retention;

    /// <summary>Events with from ≤ created ≤ to, minus those past retention or not yet happened.</summary>
    private ArraySegment<StoredEvent> Window(DateTime from, DateTime to, IReadOnlyList<StoredEvent> source)
    {
        DateTime now = _clock.UtcNow;
        DateTime lower = from > now - EmulatorDefaults.Retention ? from : now - EmulatorDefaults.Retention;
        DateTime upper = to < now ? to : now;
        var array = source as StoredEvent[] ?? source.ToArray();
        int lo = LowerBound(array, lower);
        int hi = LowerBound(array, upper.AddTicks(1));
        return hi > lo ? new ArraySegment<StoredEvent>(array, lo, hi - lo) : ArraySegment<StoredEvent>.Empty;
    }

    private static int LowerBound(StoredEvent[] sorted, DateTime t)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].Created < t) { lo = mid + 1; } else { hi = mid; }
        }
        return lo;
    }

    private static Snapshot Index(IEnumerable<StoredEvent> events)
    {
        var sorted = events.ToArray();
        Array.Sort(sorted, ByTime);
        var byCharge = sorted.Where(e => e.ChargeId is not null)
            .GroupBy(e => e.ChargeId!)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        return new Snapshot(sorted, sorted.ToDictionary(e => e.Id, StringComparer.Ordinal), byCharge);
    }
}
