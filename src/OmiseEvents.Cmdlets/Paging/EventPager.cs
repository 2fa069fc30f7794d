using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OmiseEvents.Http;
using OmiseEvents.Json;

namespace OmiseEvents.Paging;

/// <summary>
/// The I/O of a listing: sends the requests a <see cref="ListingCursor"/> plans, hands it their
/// answers strictly in order, and yields its steps. Once the consumer has come back for a second
/// page, up to <c>concurrency</c> requests are in flight (halved for the rest of the listing after
/// a 429); before that, one, so a pipeline that stops early has sent no request it did not need.
/// While following, waits between polls on the connection's clock.
/// </summary>
internal static class EventPager
{
    private readonly struct InFlight
    {
        public InFlight(PageRequest request, Task<EventPage> answer)
        {
            Request = request;
            Answer = answer;
        }

        public PageRequest Request { get; }
        public Task<EventPage> Answer { get; }
    }

    public static IEnumerable<CursorStep> Steps(OmiseApiClient client, ListingCursor cursor, EventListRequest request, int concurrency,
        Following? following, ITaskWaiter waiter, IRequestLog log, CancellationToken cancellation)
    {
        int allowed = Math.Max(1, concurrency);
        bool readAhead = false;
        var inFlight = new Queue<InFlight>();
        var plan = CancellationTokenSource.CreateLinkedTokenSource(cancellation);

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

        Task<EventPage> Fetch(PageRequest page) => client.GetAsync(
            OmiseApiClient.Query(request.Path, ("from", page.From), ("to", page.To), ("order", page.OrderParameter),
                ("offset", OmiseApiClient.Number(page.Offset)), ("limit", OmiseApiClient.Number(page.Limit))),
            json => EventReader.ReadPage(json, request.ChargeId), plan.Token, OnRetry);

        // Abandoned requests may still be unwinding with the old plan's token, so it is cancelled, not disposed.
        void AbandonPlan()
        {
            plan.Cancel();
            Abandon(inFlight);
            plan = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        }

        try
        {
            while (following?.TimedOut != true)
            {
                while (inFlight.Count < (readAhead ? Volatile.Read(ref allowed) : 1) && cursor.TryPlan(out var next))
                {
                    inFlight.Enqueue(new InFlight(next, Fetch(next)));
                }
                if (inFlight.Count == 0)
                {
                    if (!cursor.IsWaiting || following is null)
                    {
                        yield break;
                    }
                    waiter.Wait(Wait(following, cancellation));
                    if (following.TimedOut)
                    {
                        yield break;
                    }
                    cursor.Poll();
                    continue;
                }

                var head = inFlight.Dequeue();
                var step = cursor.Accept(head.Request, waiter.Wait(head.Answer));
                if (step.Replan || step.State != CursorState.Reading)
                {
                    AbandonPlan();
                }
                yield return step;
                if (step.State == CursorState.Finished)
                {
                    yield break;
                }
                // The consumer has taken a page and come back for more: from now on, read ahead.
                readAhead = true;
            }
        }
        finally
        {
            plan.Cancel();
            Abandon(inFlight);
            plan.Dispose();
        }
    }

    private static async Task<bool> Wait(Following following, CancellationToken cancellation)
    {
        await following.Clock.Delay(following.NextWait, cancellation).ConfigureAwait(false);
        return true;
    }

    /// <summary>Forgets requests in flight.</summary>
    private static void Abandon(Queue<InFlight> inFlight)
    {
        while (inFlight.Count > 0)
        {
            Abandoned.Forget(inFlight.Dequeue().Answer);
        }
    }
}
