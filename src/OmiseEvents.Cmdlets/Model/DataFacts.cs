namespace OmiseEvents;

/// <summary>The few fields of an event's data object that are worth a column of their own.</summary>
internal readonly struct DataFacts
{
    public DataFacts(string? status, long? amount, string? currency)
    {
        Status = status;
        Amount = amount;
        Currency = currency;
    }

    public string? Status { get; }
    public long? Amount { get; }
    public string? Currency { get; }
}
