namespace OmiseEvents.Tests.Infrastructure;

/// <summary>How many requests a listing takes when nothing moves: every page after the first repeats the last event read.</summary>
public static class Pages
{
    public static int For(int events, int pageSize = 100) =>
        events <= pageSize ? 1 : 1 + (events - pageSize + pageSize - 2) / (pageSize - 1);
}
