namespace OmiseEvents;

/// <summary>The order of a listing, as the API's <c>order</c> parameter.</summary>
public enum EventOrder
{
    Chronological,
    ReverseChronological,
}
