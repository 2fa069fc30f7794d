using OmiseEvents.Paging;
using Xunit;

namespace OmiseEvents.Tests.Paging;

/// <summary>The read-ahead window by scripted consumer experiences, no I/O.</summary>
public sealed class ReadAheadWindowTests
{
    [Fact]
    public void One_request_until_the_consumer_comes_back_then_the_limit()
    {
        var window = new ReadAheadWindow(8);
        Assert.Equal(1, window.Size);

        window.PageTaken(itWasAnswered: false, nextIsAnswered: false);
        Assert.Equal(1, window.Size);

        window.ConsumerReturned();
        Assert.Equal(8, window.Size);
    }

    [Fact]
    public void Pages_waiting_for_the_consumer_close_it_one_at_a_time_down_to_two()
    {
        var window = new ReadAheadWindow(8);
        window.ConsumerReturned();

        var sizes = new int[8];
        for (int i = 0; i < sizes.Length; i++)
        {
            window.PageTaken(itWasAnswered: true, nextIsAnswered: true);
            sizes[i] = window.Size;
        }

        Assert.Equal(new[] { 7, 6, 5, 4, 3, 2, 2, 2 }, sizes);
    }

    [Fact]
    public void Only_the_next_page_answered_keeps_the_size()
    {
        var window = new ReadAheadWindow(8);
        window.ConsumerReturned();
        window.PageTaken(itWasAnswered: true, nextIsAnswered: true);

        window.PageTaken(itWasAnswered: true, nextIsAnswered: false);

        Assert.Equal(7, window.Size);
    }

    [Fact]
    public void A_consumer_that_waits_opens_it_to_the_limit_at_once()
    {
        var window = new ReadAheadWindow(8);
        window.ConsumerReturned();
        for (int i = 0; i < 6; i++)
        {
            window.PageTaken(itWasAnswered: true, nextIsAnswered: true);
        }

        window.PageTaken(itWasAnswered: false, nextIsAnswered: false);

        Assert.Equal(8, window.Size);
    }

    [Fact]
    public void A_429_halves_the_limit_for_good_and_never_below_one()
    {
        var window = new ReadAheadWindow(8);
        window.ConsumerReturned();

        Assert.True(window.Halve(out int halved));
        Assert.Equal(4, halved);
        window.PageTaken(itWasAnswered: false, nextIsAnswered: false);
        Assert.Equal(4, window.Size);

        Assert.True(window.Halve(out _));
        Assert.True(window.Halve(out _));
        Assert.False(window.Halve(out halved));
        Assert.Equal(1, halved);
        Assert.Equal(1, window.Size);
    }

    [Fact]
    public void One_at_a_time_stays_one_at_a_time()
    {
        var window = new ReadAheadWindow(1);
        window.ConsumerReturned();
        window.PageTaken(itWasAnswered: true, nextIsAnswered: true);
        Assert.Equal(1, window.Size);
        window.PageTaken(itWasAnswered: false, nextIsAnswered: false);
        Assert.Equal(1, window.Size);
    }
}
