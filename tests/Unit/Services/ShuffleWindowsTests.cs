using System.Collections.Generic;
using System.Linq;
using OmiseEvents.Webhooks;
using Xunit;

namespace OmiseEvents.Tests.Services;

/// <summary>-Shuffle's order on its own: within windows only, every item of a window moved, the same for the same seed.</summary>
public sealed class ShuffleWindowsTests
{
    private static List<int> Run(int count, int window, int seed)
    {
        var shuffle = new ShuffleWindows<int>(window, seed);
        var order = new List<int>();
        for (int i = 0; i < count; i++)
        {
            order.AddRange(shuffle.Add(i));
        }
        order.AddRange(shuffle.Flush());
        return order;
    }

    [Theory]
    [InlineData(100, 2, 1)]
    [InlineData(100, 7, 2)]
    [InlineData(23, 5, 3)]
    [InlineData(3, 10, 4)]
    public void Items_move_within_their_window_and_every_one_moves(int count, int window, int seed)
    {
        var order = Run(count, window, seed);

        Assert.Equal(count, order.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(i / window, order[i] / window);
            if (count - (i / window * window) > 1)
            {
                Assert.NotEqual(i, order[i]);
            }
        }
    }

    [Fact]
    public void A_window_is_given_back_as_soon_as_it_is_full()
    {
        var shuffle = new ShuffleWindows<int>(3, 0);

        Assert.Empty(shuffle.Add(0));
        Assert.Empty(shuffle.Add(1));
        Assert.Equal(new[] { 0, 1, 2 }, shuffle.Add(2).OrderBy(i => i));
        Assert.Empty(shuffle.Flush());
    }

    [Fact]
    public void The_same_seed_gives_the_same_order_and_another_seed_another()
    {
        Assert.Equal(Run(50, 10, 7), Run(50, 10, 7));
        Assert.NotEqual(Run(50, 10, 7), Run(50, 10, 8));
    }

    [Fact]
    public void A_last_window_of_one_stays_where_it_is()
    {
        Assert.Equal(10, Run(11, 5, 1)[10]);
    }
}
