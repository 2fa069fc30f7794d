using System;
using System.Collections.Generic;
using System.Linq;

namespace OmiseEvents.Completion;

/// <summary>
/// The last <c>capacity</c> distinct ids seen, most recent first, in memory that does not grow:
/// what -Id, -After and -ChargeId completion offers.
/// </summary>
internal sealed class RecentIdSet
{
    private readonly Dictionary<string, LinkedListNode<string>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();
    private readonly int _capacity;
    private readonly object _gate = new();

    public RecentIdSet(int capacity) => _capacity = capacity;

    /// <summary>Records <paramref name="item"/> as the most recent; false when it was already there.</summary>
    public bool Add(string item)
    {
        lock (_gate)
        {
            if (_index.TryGetValue(item, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                return false;
            }
            _index[item] = _order.AddFirst(item);
            if (_order.Count > _capacity)
            {
                _index.Remove(_order.Last!.Value);
                _order.RemoveLast();
            }
            return true;
        }
    }

    public IReadOnlyList<string> MostRecentFirst()
    {
        lock (_gate)
        {
            return _order.ToList();
        }
    }
}
