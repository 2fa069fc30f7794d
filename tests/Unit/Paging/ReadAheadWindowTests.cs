using OmiseEvents.Paging;
using Xunit;

namespace OmiseEvents.Tests.Paging;

/// <summary>The read-ahead window by scripted consumer experiences, no I/O.</summary>
public sealed class ReadAheadWindowTests
{
    private static ReadAheadWindow Opened(int limit = 8)
    {
        var window = new ReadAheadWindow(limit);
        window.ConsumerReturned();
        return window;
    }

    [Fact]
    public void One_request_until_the_consumer_comes_back_then_the_limit()
    {
        var window = new ReadAheadWindow(8);
        Assert.Equal(1, window.Size);

        window.PageTaken(itWasAnswered: false);
        window.PageTaken(itWasAnswered: true);
        Assert.Equal(1, window.Size);

        window.ConsumerReturned();
        Assert.Equal(8, window.Size);
    }

    [Fact]
    public void A_consumer_that_never_waits_closes_it_a_window_at_a_time_down_to_two()
    {
        var window = Opened();
        var sizes = new System.Collections.Generic.List<int>();

        for (int take = 0; take < 60; take++)
        {
            window.PageTaken(itWasAnswered: true);
            sizes.Add(window.Size);
        }

        // 8 takes at 8, then 7 at 7, … down to 2, where it stays.
        Assert.Equal(7, sizes[7]);
        Assert.Equal(8, sizes.FindIndex(s => s == 7) + 1);
        Assert.Equal(6, sizes[7 + 7]);
        Assert.Equal(2, sizes[59]);
        Assert.DoesNotContain(1, sizes);
    }

    [Fact]
    public void A_window_answered_at_once_does_not_close_it()
    {
        var window = Opened();

        // Round trips dominate: eight requests answered together, the consumer waits for the first of each eight.
        for (int burst = 0; burst < 20; burst++)
        {
            window.PageTaken(itWasAnswered: false);
            for (int i = 0; i < 7; i++)
            {
                window.PageTaken(itWasAnswered: true);
            }
            Assert.Equal(8, window.Size);
        }
    }

    [Fact]
    public void A_consumer_that_waits_opens_it_to_the_limit_at_once()
    {
        var window = Opened();
        for (int take = 0; take < 40; take++)
        {
            window.PageTaken(itWasAnswered: true);
        }
        Assert.True(window.Size < 8);

        window.PageTaken(itWasAnswered: false);

        Assert.Equal(8, window.Size);
    }

    [Fact]
    public void A_429_halves_the_limit_for_good_and_never_below_one()
    {
        var window = Opened();

        Assert.True(window.Halve(out int halved));
        Assert.Equal(4, halved);
        window.PageTaken(itWasAnswered: false);
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
        var window = Opened(limit: 1);
        for (int take = 0; take < 5; take++)
        {
            window.PageTaken(itWasAnswered: take % 2 == 0);
            Assert.Equal(1, window.Size);
        }
    }
}
