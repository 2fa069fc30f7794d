using System;
using System.Collections.Generic;
using System.Threading;
using OmiseEvents.Http;
using OmiseEvents.Json;

namespace OmiseEvents.Paging;

/// <summary>
/// Walks a listing page by page, lazily: a page is requested only when the one before has been
/// consumed, so a pipeline that stops early has sent no request it did not need.
/// </summary>
internal static class EventPager
{
    public static IEnumerable<EventPage> Pages(OmiseApiClient client, EventListRequest request, ITaskWaiter waiter, CancellationToken cancellation)
    {
        string? from = request.FromUtc is DateTime f ? OmiseTime.Format(f) : null;
        string? to = request.ToUtc is DateTime t ? OmiseTime.Format(t) : null;
        long offset = request.Offset;
        long remaining = request.MaxRecords ?? long.MaxValue;
        long? total = null;

        while (remaining > 0)
        {
            int limit = (int)Math.Min(request.PageSize, remaining);
            string relative = OmiseApiClient.Query(request.Path,
                ("from", from), ("to", to), ("order", request.OrderParameter),
                ("offset", OmiseApiClient.Number(offset)), ("limit", OmiseApiClient.Number(limit)));
            var page = waiter.Wait(client.GetAsync(relative, root => EventReader.ReadPage(root, request.ChargeId), cancellation));

            if (total is null)
            {
                // Pin the window the server evaluated for the first page: without a fixed `to`,
                // events created meanwhile shift every later offset.
                total = page.Total;
                from = page.From ?? from;
                to = page.To ?? to;
            }
            yield return page;

            offset += page.Events.Count;
            remaining -= page.Events.Count;
            if (page.Events.Count == 0 || offset >= total)
            {
                yield break;
            }
        }
    }
}
