using System.Linq;
using OmiseEvents.Completion;
using Xunit;

namespace OmiseEvents.Tests.Services;

public sealed class RecentIdSetTests
{
    [Fact]
    public void Most_recent_first_each_once_and_a_repeat_moves_to_the_front()
    {
        var set = new RecentIdSet(capacity: 10);
        foreach (string id in new[] { "a", "b", "c", "b", "d" })
        {
            set.Add(id);
        }

        Assert.Equal(new[] { "d", "b", "c", "a" }, set.MostRecentFirst());
    }

    [Fact]
    public void At_most_capacity_ids_and_memory_that_does_not_grow()
    {
        var set = new RecentIdSet(capacity: 5);
        for (int i = 0; i < 10_000; i++)
        {
            set.Add("evnt_" + i);
        }

        Assert.Equal(Enumerable.Range(9_995, 5).Reverse().Select(i => "evnt_" + i), set.MostRecentFirst());
    }

    [Fact]
    public void Empty_until_something_is_added()
    {
        Assert.Empty(new RecentIdSet(capacity: 5).MostRecentFirst());
    }
}
