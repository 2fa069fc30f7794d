namespace OmiseEvents.Paging;

/// <summary>One list request a <see cref="ListingCursor"/> asks for: the API's list parameters and what the cursor expects back.</summary>
internal sealed class PageRequest
{
    public PageRequest(int generation, long offset, int limit, string? from, string? to, EventOrder order, bool repeatsAnchor, bool sentAfterAnchor, long plannedEnd)
    {
        Generation = generation;
        Offset = offset;
        Limit = limit;
        From = from;
        To = to;
        Order = order;
        RepeatsAnchor = repeatsAnchor;
        SentAfterAnchor = sentAfterAnchor;
        PlannedEnd = plannedEnd;
    }

    /// <summary>Which plan the request belongs to; answers to an abandoned plan are ignored.</summary>
    public int Generation { get; }
    public long Offset { get; }
    public int Limit { get; }
    /// <summary>Verbatim for the query string; null leaves the API's default (the epoch, or the server's now).</summary>
    public string? From { get; }
    public string? To { get; }
    public EventOrder Order { get; }
    /// <summary>True when the first record asked for is the last one already read, so the answer shows whether the window moved.</summary>
    public bool RepeatsAnchor { get; }
    /// <summary>
    /// True when the request went out after the answer that ended at the anchor came back, so the
    /// server answers it on numbering at least as new. A page read ahead may be answered before
    /// the page in front of it, on older numbering, where the anchor can stand on either side.
    /// </summary>
    public bool SentAfterAnchor { get; }
    /// <summary>The offset the next request of the plan starts reading new records at.</summary>
    public long PlannedEnd { get; }

    public string OrderParameter => Order == EventOrder.Chronological ? "chronological" : "reverse_chronological";

    public override string ToString() => $"offset {Offset}, limit {Limit}, from {From ?? "-"}, to {To ?? "-"}, {OrderParameter}";
}
