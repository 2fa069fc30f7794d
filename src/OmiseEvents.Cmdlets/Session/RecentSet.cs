using System;
using System.Collections.Generic;
using System.Linq;

namespace OmiseEvents.Session;

/// <summary>
/// The last <c>capacity</c> distinct strings seen, most recent first, in memory that does not grow:
/// the pager's guard against a record shown twice, and the ids that completion offers.
/// </summary>
internal sealed class RecentSet
{
    private readonly Dictionary<string, LinkedListNode<string>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();
    private readonly int _capacity;
    private readonly object _gate = new();

    public RecentSet(int capacity) => _capacity = capacity;

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
