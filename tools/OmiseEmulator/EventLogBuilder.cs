using System;
using System.Collections.Generic;
using System.Linq;

namespace OmiseEmulator;

/// <summary>
/// Builds a deterministic event history: objects are created and then have later events, refunds
/// and disputes belong to earlier charges, and the oldest events are in older API versions, as in an
/// account that upgraded its version along the way.
/// </summary>
internal sealed class EventLogBuilder
{
    private readonly Random _rng;
    private readonly bool _live;
    private readonly EventJsonWriter _writer;
    private readonly int _seed;
    private readonly Dictionary<string, List<(string Id, string? Parent)>> _pools = new();
    private readonly double[] _cumulativeWeights;
    private int _sequence;

    public EventLogBuilder(int seed, bool live, EventJsonWriter writer)
    {
        _seed = seed;
        _rng = new Random(StableRandom.Mix(seed, live ? 2 : 1));
        _live = live;
        _writer = writer;
        _cumulativeWeights = new double[EventCatalog.Keys.Count];
        double sum = 0;
        for (int i = 0; i < EventCatalog.Keys.Count; i++)
        {
            sum += EventCatalog.Keys[i].Weight;
            _cumulativeWeights[i] = sum;
        }
    }

    /// <summary>
    /// <paramref name="count"/> events, evenly spread over <paramref name="span"/> ending at
    /// <paramref name="end"/>. The first few cover every key once; versions go from oldest to newest.
    /// </summary>
    public List<StoredEvent> Build(int count, DateTime end, TimeSpan span)
    {
        var events = new List<StoredEvent>(count);
        DateTime start = end - span;
        double step = span.TotalSeconds / Math.Max(1, count);
        for (int i = 0; i < count; i++)
        {
            DateTime created = start.AddSeconds(Math.Floor(i * step));
            events.Add(Next(i < EventCatalog.Keys.Count ? EventCatalog.Keys[i] : PickSpec(), created, VersionAt(i, count)));
        }
        return events;
    }

    /// <summary>
    /// An event happening now, in the current API version: how "new events arrive during a listing" is
    /// simulated. <paramref name="key"/> picks its key (random otherwise); <paramref name="chargeId"/>
    /// makes a charge event about that charge, or a refund or dispute of it.
    /// </summary>
    public StoredEvent Next(DateTime created, string? key = null, string? chargeId = null)
    {
        var spec = key is null ? PickSpec()
            : EventCatalog.Keys.FirstOrDefault(k => k.Key == key) ?? throw new ArgumentException($"no event key {key} in the catalog", nameof(key));
        return Next(spec, created, EmulatorDefaults.CurrentApiVersion, chargeId);
    }

    private StoredEvent Next(EventKeySpec spec, DateTime created, string version, string? chargeId = null)
    {
        int sequence = _sequence++;
        string? parent = null;
        string dataId;
        if (chargeId is not null && spec.Object == "charge")
        {
            dataId = chargeId;
        }
        else if (chargeId is not null && spec.ParentObject == "charge")
        {
            parent = chargeId;
            dataId = Create(spec.Object, spec.Prefix, parent).Id;
        }
        else if (spec.Creates || Pool(spec.Object).Count == 0)
        {
            if (spec.ParentObject is { } parentKind)
            {
                parent = PickExisting(parentKind)?.Id ?? Create(parentKind, "chrg", null).Id;
            }
            dataId = Create(spec.Object, spec.Prefix, parent).Id;
        }
        else
        {
            (dataId, parent) = PickExisting(spec.Object)!.Value;
        }

        string id = StableRandom.NewId("evnt", _live, _rng);
        return new StoredEvent(sequence, id, spec, created, version, _live, dataId, parent,
            StableRandom.Mix(_seed, sequence), _writer);
    }

    private static string VersionAt(int index, int count)
    {
        double share = (double)index / Math.Max(1, count);
        return share < 0.03 ? "2015-11-17" : share < 0.15 ? "2017-11-02" : EmulatorDefaults.CurrentApiVersion;
    }

    private EventKeySpec PickSpec()
    {
        double x = _rng.NextDouble() * _cumulativeWeights[^1];
        int i = Array.BinarySearch(_cumulativeWeights, x);
        return EventCatalog.Keys[i < 0 ? ~i : i];
    }

    private List<(string Id, string? Parent)> Pool(string kind)
    {
        if (!_pools.TryGetValue(kind, out var pool))
        {
            _pools[kind] = pool = new List<(string, string?)>();
        }
        return pool;
    }

    private (string Id, string? Parent) Create(string kind, string prefix, string? parent)
    {
        var subject = (StableRandom.NewId(PrefixOf(kind, prefix), _live, _rng), parent);
        Pool(kind).Add(subject);
        return subject;
    }

    private static string PrefixOf(string kind, string fallback) => kind switch
    {
        "charge" => "chrg",
        "link" => "link",
        "schedule" => "schd",
        _ => fallback,
    };

    /// <summary>A recent object of the kind: later events are mostly about things created shortly before.</summary>
    private (string Id, string? Parent)? PickExisting(string kind)
    {
        var pool = Pool(kind);
        if (pool.Count == 0)
        {
            return null;
        }
        int window = Math.Min(pool.Count, 200);
        return pool[pool.Count - 1 - _rng.Next(window)];
    }
}
