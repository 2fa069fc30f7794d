using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OmiseEvents.Http;
using OmiseEvents.Json;
using OmiseEvents.Session;

namespace OmiseEvents.Paging;

/// <summary>
/// Walks a listing page by page and yields pages strictly in order. Once the first page has
/// told it the total and the consumer comes back for more, up to <c>concurrency</c> later pages
/// are fetched at once; nothing beyond the first page is requested before it has been consumed,
/// so a pipeline that stops early has sent no request it did not need.
/// </summary>
/// <remarks>
/// Two things move under a listing. New events: the first response's <c>to</c> is pinned on every
/// later page, so they stay out. Expiring events: the oldest pass the 90-day retention and leave
/// the front of the window, which in chronological order moves every later record forward.
/// Positions are counted in the first response's numbering; a page's own <c>total</c> says how
/// many records had left the front when it was answered, and so where it really starts. A page
/// that starts where the next record is, is written; one that starts earlier is written from
/// that record on; one that starts later means records were about to be skipped: the pages in
/// flight are dropped and the listing goes on from where that record is now.
/// </remarks>
internal static class EventPager
{
    private readonly struct Planned
    {
        public Planned(long offset, Task<EventPage> page)
        {
            Offset = offset;
            Page = page;
        }

        public long Offset { get; }
        public Task<EventPage> Page { get; }
    }

    public static IEnumerable<EventPage> Pages(OmiseApiClient client, EventListRequest request, int concurrency,
        ITaskWaiter waiter, IRequestLog log, CancellationToken cancellation)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        string? from = request.FromUtc is DateTime f ? OmiseTime.Format(f) : null;
        string? to = request.ToUtc is DateTime t ? OmiseTime.Format(t) : null;
        bool frontShifts = request.Order == EventOrder.Chronological;
        long next = request.Offset;
        long planned = request.Offset;
        long end = request.MaxRecords is long max ? request.Offset + max : long.MaxValue;
        long expired = 0;
        long? firstTotal = null;
        long remaining = request.MaxRecords ?? long.MaxValue;
        int allowed = Math.Max(1, concurrency);
        bool readAhead = false;
        var inFlight = new Queue<Planned>();
        var recent = new RecentSet(2 * request.PageSize);

        void OnRetry(Exception failure)
        {
            if (failure is OmiseApiException { StatusCode: 429 })
            {
                int now = Volatile.Read(ref allowed), halved = Math.Max(1, now / 2);
                if (halved < now && Interlocked.CompareExchange(ref allowed, halved, now) == now)
                {
                    log.Verbose($"Rate limited: at most {halved} request(s) at a time for the rest of this listing.");
                }
            }
        }

        Task<EventPage> Fetch(long offset, int limit) => client.GetAsync(
            OmiseApiClient.Query(request.Path, ("from", from), ("to", to), ("order", request.OrderParameter),
                ("offset", OmiseApiClient.Number(offset)), ("limit", OmiseApiClient.Number(limit))),
            root => EventReader.ReadPage(root, request.ChargeId), abandon.Token, OnRetry);

        try
        {
            while (remaining > 0)
            {
                while (inFlight.Count < (readAhead ? Volatile.Read(ref allowed) : 1) && planned < Math.Min(end, firstTotal ?? long.MaxValue))
                {
                    long offset = Math.Max(0, planned - expired);
                    int limit = (int)Math.Min(request.PageSize, end - planned);
                    inFlight.Enqueue(new Planned(offset, Fetch(offset, limit)));
                    planned += limit;
                }
                if (inFlight.Count == 0)
                {
                    yield break;
                }

                var head = inFlight.Dequeue();
                var page = waiter.Wait(head.Page);
                if (firstTotal is null)
                {
                    firstTotal = page.Total;
                    from = page.From ?? from;
                    to = page.To ?? to;
                }
                long shift = frontShifts ? Math.Max(0, firstTotal.Value - page.Total) : 0;
                if (shift > expired)
                {
                    expired = shift;
                    // What expired before this listing reached it is gone; it did not exist for the whole listing.
                    next = Math.Max(next, expired);
                }
                long start = head.Offset + shift;
                if (start > next)
                {
                    log.Verbose($"{expired} of the oldest events expired during the listing; reading again from offset {next - expired}.");
                    Abandon(inFlight);
                    planned = next;
                    continue;
                }

                var fresh = new List<Event>(page.Events.Count);
                for (long i = next - start; i < page.Events.Count; i++)
                {
                    var e = page.Events[(int)i];
                    if (recent.Add(e.Id))
                    {
                        fresh.Add(e);
                    }
                }
                yield return new EventPage(fresh, page.Total, head.Offset, page.From, page.To);

                next = start + page.Events.Count;
                remaining -= fresh.Count;
                if (page.Events.Count == 0 || head.Offset + page.Events.Count >= page.Total)
                {
                    yield break;
                }
                if (planned < next)
                {
                    planned = next;
                }
                // The consumer has taken a whole page and come back for more: from now on, read ahead.
                readAhead = true;
            }
        }
        finally
        {
            abandon.Cancel();
            Abandon(inFlight);
        }
    }

    /// <summary>Forgets pages in flight; their failures, if any, are observed so they are not reported as unobserved.</summary>
    private static void Abandon(Queue<Planned> inFlight)
    {
        while (inFlight.Count > 0)
        {
            _ = inFlight.Dequeue().Page.ContinueWith(t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
