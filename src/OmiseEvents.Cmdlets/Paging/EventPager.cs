using System;
using System.Collections.Generic;
using System.Threading;
using OmiseEvents.Http;
using OmiseEvents.Json;
using OmiseEvents.Session;

namespace OmiseEvents.Paging;

/// <summary>
/// Walks a listing page by page, lazily: a page is requested only when the one before has been
/// consumed, so a pipeline that stops early has sent no request it did not need.
/// </summary>
/// <remarks>
/// Two things move under a listing. New events: the first response's <c>to</c> is pinned on every
/// later page, so they stay out. Expiring events: the oldest pass the 90-day retention and leave
/// the front of the window, which in chronological order moves every later record forward. The
/// pager counts positions in the first response's numbering; a drop in <c>total</c> says how many
/// records left the front, so it knows where each page really starts, re-reads a page that
/// started past the next record it needs, and skips records it has already written.
/// </remarks>
internal static class EventPager
{
    public static IEnumerable<EventPage> Pages(OmiseApiClient client, EventListRequest request, ITaskWaiter waiter, IRequestLog log, CancellationToken cancellation)
    {
        string? from = request.FromUtc is DateTime f ? OmiseTime.Format(f) : null;
        string? to = request.ToUtc is DateTime t ? OmiseTime.Format(t) : null;
        bool frontShifts = request.Order == EventOrder.Chronological;
        long next = request.Offset;
        long expired = 0;
        long? firstTotal = null;
        long remaining = request.MaxRecords ?? long.MaxValue;
        var recent = new RecentSet(2 * request.PageSize);

        while (remaining > 0)
        {
            long offset = Math.Max(0, next - expired);
            int limit = (int)Math.Min(request.PageSize, remaining);
            string relative = OmiseApiClient.Query(request.Path,
                ("from", from), ("to", to), ("order", request.OrderParameter),
                ("offset", OmiseApiClient.Number(offset)), ("limit", OmiseApiClient.Number(limit)));
            var page = waiter.Wait(client.GetAsync(relative, root => EventReader.ReadPage(root, request.ChargeId), cancellation));

            if (firstTotal is null)
            {
                firstTotal = page.Total;
                from = page.From ?? from;
                to = page.To ?? to;
            }
            else if (frontShifts && firstTotal.Value - page.Total > expired)
            {
                expired = firstTotal.Value - page.Total;
                // What expired before this listing reached it is gone; it did not exist for the whole listing.
                next = Math.Max(next, expired);
                if (Math.Max(0, next - expired) != offset)
                {
                    log.Verbose($"{expired} of the oldest events expired during the listing; reading again from offset {Math.Max(0, next - expired)}.");
                    continue;
                }
            }

            long pageStart = offset + (frontShifts ? expired : 0);
            var fresh = new List<Event>(page.Events.Count);
            for (long i = Math.Max(0, next - pageStart); i < page.Events.Count; i++)
            {
                var e = page.Events[(int)i];
                if (recent.Add(e.Id))
                {
                    fresh.Add(e);
                }
            }
            yield return new EventPage(fresh, page.Total, offset, page.From, page.To);

            next = pageStart + page.Events.Count;
            remaining -= fresh.Count;
            if (page.Events.Count == 0 || offset + page.Events.Count >= page.Total)
            {
                yield break;
            }
        }
    }
}
