using System.Collections.Generic;

namespace OmiseEvents.Completion;

/// <summary>
/// Ids seen recently, for -Id, -After and -ChargeId completion: up to <c>capacity</c> distinct
/// ones, most recent first, from the last <c>4 × capacity</c> seen. Every event written passes
/// through <see cref="Add"/>, so adding is one store into a ring, in memory that does not grow;
/// the work of finding distinct ids is left to completion, which is rare.
/// </summary>
internal sealed class RecentIdSet
{
    private readonly string?[] _ring;
    private readonly int _capacity;
    private readonly object _gate = new();
    private int _next;

    public RecentIdSet(int capacity)
    {
        _capacity = capacity;
        _ring = new string?[capacity * 4];
    }

    public void Add(string id)
    {
        lock (_gate)
        {
            _ring[_next] = id;
            _next = (_next + 1) % _ring.Length;
        }
    }

    public IReadOnlyList<string> MostRecentFirst()
    {
        lock (_gate)
        {
            var seen = new HashSet<string>(System.StringComparer.Ordinal);
            var ids = new List<string>();
            for (int i = 1; i <= _ring.Length && ids.Count < _capacity; i++)
            {
                if (_ring[(_next - i + _ring.Length) % _ring.Length] is not { } id)
                {
                    break;
                }
                if (seen.Add(id))
                {
                    ids.Add(id);
                }
            }
            return ids;
        }
    }
}
