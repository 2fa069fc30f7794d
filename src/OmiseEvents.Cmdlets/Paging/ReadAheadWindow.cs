using System;
using System.Threading;

namespace OmiseEvents.Paging;

/// <summary>
/// How many page requests a listing keeps in flight, from what the consumer meets when it takes
/// the next page. One until the consumer comes back for a second page, so a pipeline that stops
/// early has sent nothing it did not need; then the limit (the connection's concurrency).
/// Whenever the consumer has to wait for a page, round trips are what it waits on, and the window
/// opens to the limit. Once it has taken a whole window of pages without waiting once, pages are
/// waiting for it instead, and one request fewer is kept in flight, down to two: pages read too far
/// ahead only wait, hold memory, and are wasted if the pipeline stops. Answers that arrive together
/// (a window sent at once, answered at once) do not close it: the consumer still waits once a window.
/// </summary>
internal sealed class ReadAheadWindow
{
    private const int Fewest = 2;
    private int _limit;
    private int _size = 1;
    private int _takenWithoutWaiting;
    private bool _open;

    public ReadAheadWindow(int limit) => _limit = Math.Max(1, limit);

    /// <summary>Requests to keep in flight now.</summary>
    public int Size => Math.Min(_size, Limit);

    /// <summary>The most requests in flight, halved by each 429.</summary>
    public int Limit => Volatile.Read(ref _limit);

    /// <summary>The consumer has taken a page and come back for more: from now on, read ahead.</summary>
    public void ConsumerReturned()
    {
        if (!_open)
        {
            _open = true;
            _size = Limit;
        }
    }

    /// <summary>The consumer took the next page; <paramref name="itWasAnswered"/> when it did not have to wait for it.</summary>
    public void PageTaken(bool itWasAnswered)
    {
        if (!_open)
        {
            return;
        }
        if (!itWasAnswered)
        {
            _size = Limit;
            _takenWithoutWaiting = 0;
        }
        else if (++_takenWithoutWaiting >= Size)
        {
            _size = Math.Max(Math.Min(Fewest, Limit), Size - 1);
            _takenWithoutWaiting = 0;
        }
    }

    /// <summary>After a 429: halves the limit for the rest of the listing; false when it was 1 already or another thread halved it first.</summary>
    public bool Halve(out int halved)
    {
        int now = Limit;
        halved = Math.Max(1, now / 2);
        return halved < now && Interlocked.CompareExchange(ref _limit, halved, now) == now;
    }
}
