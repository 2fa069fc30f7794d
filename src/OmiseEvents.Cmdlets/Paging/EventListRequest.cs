using System;

namespace OmiseEvents.Paging;

/// <summary>What to list: a path of the API and the list parameters, already validated.</summary>
internal sealed class EventListRequest
{
    public EventListRequest(string path, DateTime? fromUtc, DateTime? toUtc, EventOrder order, int pageSize, long offset, long? maxRecords, string? chargeId = null)
    {
        Path = path;
        FromUtc = fromUtc;
        ToUtc = toUtc;
        Order = order;
        PageSize = pageSize;
        Offset = offset;
        MaxRecords = maxRecords;
        ChargeId = chargeId;
    }

    /// <summary><c>events</c> or <c>charges/{id}/events</c>, relative to the base URI.</summary>
    public string Path { get; }
    public DateTime? FromUtc { get; }
    public DateTime? ToUtc { get; }
    public EventOrder Order { get; }
    public int PageSize { get; }
    /// <summary>Records to skip on the server.</summary>
    public long Offset { get; }
    /// <summary>Records wanted at most; null for all.</summary>
    public long? MaxRecords { get; }
    /// <summary>The charge whose events these are, for events listed without <c>data</c>.</summary>
    public string? ChargeId { get; }

    public string OrderParameter => Order == EventOrder.Chronological ? "chronological" : "reverse_chronological";
}
