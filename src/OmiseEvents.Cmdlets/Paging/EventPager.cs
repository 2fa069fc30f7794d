using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using OmiseEvents.Http;
using OmiseEvents.Json;

namespace OmiseEvents.Paging;

/// <summary>
/// The I/O of a listing: sends the requests a <see cref="ListingCursor"/> plans, as many at a time
/// as its <see cref="ReadAheadWindow"/> says, hands it their answers strictly in order, and yields
/// its steps. A listing whose first request was sent earlier (one of several piped charges) is
/// given it as <c>started</c>. While following, waits between polls on the connection's clock.
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
        Following? following, ITaskWaiter waiter, IRequestLog log, CancellationToken cancellation,
        (PageRequest Request, Task<EventPage> Answer)? started = null)
    {
        var window = new ReadAheadWindow(concurrency);
        var inFlight = new Queue<InFlight>();
        var plan = CancellationTokenSource.CreateLinkedTokenSource(cancellation);

        void OnRetry(Exception failure)
        {
            if (failure is OmiseApiException { StatusCode: 429 } && window.Halve(out int halved))
            {
                log.Verbose($"Rate limited: at most {halved} request(s) at a time for the rest of this listing.");
            }
        }

        Task<EventPage> Fetch(PageRequest page) => EventPager.Fetch(client, request, page, plan.Token, OnRetry);

        if (started is { } first)
        {
            inFlight.Enqueue(new InFlight(first.Request, first.Answer));
        }

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
                while (inFlight.Count < window.Size && cursor.TryPlan(out var next))
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
                window.PageTaken(head.Answer.IsCompleted);
                var page = waiter.Wait(head.Answer);
                var step = cursor.Accept(head.Request, page);
                if (step.Replan || step.State != CursorState.Reading)
                {
                    AbandonPlan();
                }
                yield return step;
                page.Release();
                if (step.State == CursorState.Finished)
                {
                    yield break;
                }
                window.ConsumerReturned();
            }
        }
        finally
        {
            plan.Cancel();
            Abandon(inFlight);
            plan.Dispose();
        }
    }

    /// <summary>Asks for one page of <paramref name="request"/>'s listing.</summary>
    public static Task<EventPage> Fetch(OmiseApiClient client, EventListRequest request, PageRequest page, CancellationToken cancellation,
        Action<Exception>? onRetry = null) => client.GetAsync(
            OmiseApiClient.Query(request.Path, ("from", page.From), ("to", page.To), ("order", page.OrderParameter),
                ("offset", OmiseApiClient.Number(page.Offset)), ("limit", OmiseApiClient.Number(page.Limit))),
            body => EventReader.ReadPageKeepingBody(body, request.ChargeId), cancellation, onRetry);

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
