using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using OmiseEvents.Json;
using OmiseEvents.Paging;

namespace OmiseEvents.Tests.Paging;

/// <summary>
/// An account's event log as the API's list call sees it, in memory, for driving a
/// <see cref="ListingCursor"/> with no I/O. Whole seconds; events that share a second are in the
/// server's own order; new events arrive in the current second (anywhere in its run, if asked) and
/// the oldest expire whole seconds at a time. Pages may be shorter than asked.
/// </summary>
internal sealed class SimulatedLog
{
    public static readonly DateTime Origin = new(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc);

    // Every event ever stored, in the server's order: expired ones stay here so order can be checked.
    private readonly List<Event> _all = new();
    private readonly Dictionary<string, int> _createdSecond = new(StringComparer.Ordinal);
    private readonly HashSet<string> _expired = new(StringComparer.Ordinal);
    private readonly Random _random;
    private Dictionary<string, int>? _ranks;
    private int _sequence;

    public SimulatedLog(Random random) => _random = random;

    public int Now { get; private set; }

    /// <summary>Events of the same second up to here have expired.</summary>
    public int ExpiredThrough { get; private set; } = -1;

    /// <summary>Pages hold between 1 and what was asked, not always what was asked; 0 for full pages.</summary>
    public double ShortPageRate { get; set; }

    /// <summary>How many records to answer a request with, where a test decides; null leaves it to the rules above.</summary>
    public Func<PageRequest, int?>? PageLength { get; set; }

    /// <summary>The most records a request gets, said in the answer's limit; null for 100.</summary>
    public int? ServerLimit { get; set; }

    public IReadOnlyList<Event> All => _all;

    public IEnumerable<Event> Alive => _all.Where(e => !_expired.Contains(e.Id));

    public bool IsAlive(Event e) => !_expired.Contains(e.Id);

    /// <summary>The position of an event in the server's chronological order, for checking order.</summary>
    public int RankOf(Event e)
    {
        _ranks ??= _all.Select((x, i) => (x.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        return _ranks[e.Id];
    }

    public static DateTime TimeOf(int second) => Origin.AddSeconds(second);

    public static string Format(int second) => OmiseTime.Format(TimeOf(second));

    private static readonly string[] Keys = { "charge.create", "charge.complete", "refund.create", "customer.create", "transfer.pay" };

    /// <summary>Adds events in the current second; <paramref name="anywhere"/> puts each at a random place in its second's run.</summary>
    public IReadOnlyList<Event> Arrive(int count, bool anywhere = false)
    {
        var added = new List<Event>();
        for (int i = 0; i < count; i++)
        {
            var e = MakeEvent($"evnt_test_{_sequence++:x8}", TimeOf(Now), Keys[_random.Next(Keys.Length)]);
            _createdSecond[e.Id] = Now;
            int end = _all.Count;
            int start = end;
            while (start > 0 && _createdSecond[_all[start - 1].Id] == Now)
            {
                start--;
            }
            _all.Insert(anywhere ? _random.Next(start, end + 1) : end, e);
            _ranks = null;
            added.Add(e);
        }
        return added;
    }

    public void Tick(int seconds = 1) => Now += seconds;

    /// <summary>Every event of <paramref name="second"/> and before passes the retention limit.</summary>
    public void ExpireThrough(int second)
    {
        ExpiredThrough = Math.Max(ExpiredThrough, second);
        foreach (var e in _all.Where(e => _createdSecond[e.Id] <= ExpiredThrough))
        {
            _expired.Add(e.Id);
        }
    }

    public int SecondOf(Event e) => _createdSecond[e.Id];

    /// <summary>The list call, evaluated now.</summary>
    public EventPage List(PageRequest request)
    {
        int from = request.From is null ? int.MinValue : Second(request.From);
        int to = request.To is null ? Now : Second(request.To);
        var window = Alive.Where(e => _createdSecond[e.Id] >= from && _createdSecond[e.Id] <= to).ToList();
        if (request.Order == EventOrder.ReverseChronological)
        {
            window.Reverse();
        }
        int limit = Math.Min(request.Limit, ServerLimit ?? 100);
        long available = Math.Max(0, Math.Min(limit, window.Count - request.Offset));
        long count = PageLength?.Invoke(request) is int chosen ? Math.Min(chosen, available)
            : available > 1 && _random.NextDouble() < ShortPageRate ? _random.Next(1, (int)available) : available;
        var page = window.Skip((int)request.Offset).Take((int)count).ToList();
        return new EventPage(page, window.Count, request.Offset, ServerLimit is null ? request.Limit : limit,
            request.From ?? "1970-01-01T00:00:00Z", request.To ?? Format(Now));
    }

    private static int Second(string text)
    {
        var t = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcDateTime;
        return (int)Math.Floor((t - Origin).TotalSeconds);
    }

    private static readonly byte[] EmptyObject = { (byte)'{', (byte)'}' };

    public static Event MakeEvent(string id, DateTime created, string key = "charge.create") =>
        new(new EventBytes(EmptyObject), id, key, created, false, null, null, null, null, default, false, null);
}
