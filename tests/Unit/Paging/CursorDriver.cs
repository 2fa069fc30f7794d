using System;
using System.Collections.Generic;
using OmiseEvents.Json;
using OmiseEvents.Paging;

namespace OmiseEvents.Tests.Paging;

/// <summary>
/// Plays the pager's part against a <see cref="SimulatedLog"/>: plans up to <c>inFlight</c>
/// requests, lets the server answer them at chosen moments (so answers in flight can see different
/// states of the log), and hands the answers to the cursor strictly in order.
/// </summary>
internal sealed class CursorDriver
{
    private readonly SimulatedLog _log;
    private readonly ListingCursor _cursor;
    private readonly int _inFlight;
    private readonly Queue<(PageRequest Request, EventPage? Answer)> _queue = new();

    public CursorDriver(SimulatedLog log, EventListRequest request, int inFlight = 1)
    {
        _log = log;
        _cursor = new ListingCursor(request);
        _inFlight = inFlight;
    }

    public List<Event> Written { get; } = new();
    public List<PageRequest> Requests { get; } = new();
    public List<string> Notes { get; } = new();
    public List<string> Warnings { get; } = new();
    public List<CursorStep> Steps { get; } = new();
    public CursorState State { get; private set; } = CursorState.Reading;

    /// <summary>
    /// Runs until the cursor finishes or waits. Before each answer is read, <paramref name="beforeAnswer"/>
    /// may change the log (it gets the number of the request about to be answered, from 1); with
    /// <paramref name="random"/>, requests in flight are also answered early at random moments.
    /// </summary>
    public CursorDriver Run(Action<int>? beforeAnswer = null, Random? random = null, int maxSteps = 100_000)
    {
        int answered = 0;
        for (int steps = 0; steps < maxSteps; steps++)
        {
            while (_queue.Count < Math.Max(1, _inFlight) && _cursor.TryPlan(out var next))
            {
                Requests.Add(next);
                _queue.Enqueue((next, null));
            }
            if (_queue.Count == 0)
            {
                State = _cursor.IsWaiting ? CursorState.Waiting : CursorState.Finished;
                return this;
            }
            if (random is not null && _queue.Count > 1 && random.Next(3) == 0)
            {
                AnswerEarly(random, ref answered, beforeAnswer);
                continue;
            }
            var (request, answer) = _queue.Dequeue();
            if (answer is null)
            {
                beforeAnswer?.Invoke(++answered);
                answer = _log.List(request);
            }
            var step = _cursor.Accept(request, answer);
            Steps.Add(step);
            Written.AddRange(step.Events);
            Notes.AddRange(step.Notes);
            if (step.Warning is { } w)
            {
                Warnings.Add(w);
            }
            if (step.Replan || step.State != CursorState.Reading)
            {
                _queue.Clear();
            }
            if (step.State != CursorState.Reading)
            {
                State = step.State;
                return this;
            }
        }
        throw new InvalidOperationException($"the listing did not end within {maxSteps} steps");
    }

    /// <summary>After waiting: the next poll, run until the cursor waits again.</summary>
    public CursorDriver Poll(Action<int>? beforeAnswer = null, Random? random = null)
    {
        _cursor.Poll();
        return Run(beforeAnswer, random);
    }

    /// <summary>The server answers one request still in flight, not the oldest, before its turn.</summary>
    private void AnswerEarly(Random random, ref int answered, Action<int>? beforeAnswer)
    {
        var items = _queue.ToArray();
        int pick = random.Next(1, items.Length);
        if (items[pick].Answer is not null)
        {
            return;
        }
        beforeAnswer?.Invoke(++answered);
        items[pick] = (items[pick].Request, _log.List(items[pick].Request));
        _queue.Clear();
        foreach (var item in items)
        {
            _queue.Enqueue(item);
        }
    }
}
