using System.Collections.Generic;

namespace OmiseEvents.Paging;

/// <summary>The ids of the last few pages, to drop a record the server shows twice, in memory that does not grow with the listing.</summary>
internal sealed class RecentIds
{
    private readonly HashSet<string> _set = new(System.StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly int _capacity;

    public RecentIds(int capacity) => _capacity = capacity;

    /// <summary>False when the id was seen recently.</summary>
    public bool Add(string id)
    {
        if (!_set.Add(id))
        {
            return false;
        }
        _order.Enqueue(id);
        if (_order.Count > _capacity)
        {
            _set.Remove(_order.Dequeue());
        }
        return true;
    }
}
