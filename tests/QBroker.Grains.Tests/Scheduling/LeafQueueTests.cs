using QBroker.Grains.Scheduling;
using static QBroker.Grains.Tests.Scheduling.CoreFixtures;

namespace QBroker.Grains.Tests.Scheduling;

public sealed class LeafQueueTests
{
    private static readonly string LeafId = Leaf("a", "r");

    [Fact]
    public void Jobs_leave_by_own_priority_then_age_whatever_order_they_arrive_in()
    {
        var queue = new LeafQueue(LeafId);
        var old = Job(LeafId, T0, ["d"]);
        var urgent = Job(LeafId, T0.AddSeconds(5), ["d"], priority: 3);
        var young = Job(LeafId, T0.AddSeconds(9), ["d"]);
        var retried = Job(LeafId, T0.AddSeconds(-30), ["d"]);
        foreach (var job in new[] { old, urgent, young, retried })
        {
            queue.Add(job);
        }

        Assert.Equal(4, queue.Count);
        Assert.Equal(T0.AddSeconds(-30), queue.OldestEnqueuedAt);
        var order = new List<WaitingJob>();
        while (queue.Count > 0)
        {
            order.Add(queue.Head);
            Assert.True(queue.Remove(queue.Head));
        }
        Assert.Equal([urgent, retried, old, young], order);
        Assert.False(queue.Remove(old));
    }

    [Fact]
    public void Removing_a_job_that_is_not_there_changes_nothing()
    {
        var queue = new LeafQueue(LeafId);
        var waiting = Job(LeafId, T0, ["d"]);
        queue.Add(waiting);
        Assert.False(queue.Remove(Job(LeafId, T0, ["d"])));
        Assert.False(queue.Remove(Job(LeafId, T0, ["d"], priority: 2)));
        Assert.Equal(1, queue.Count);
        Assert.Same(waiting, queue.Head);
    }

    [Fact]
    public void A_core_lists_its_waiting_jobs_oldest_first_so_a_rebuild_only_appends()
    {
        var core = Core(Tree(("a", 1, ["r", "s"])), "qpu");
        var jobs = new[] { 30, 10, 20, 0 }.Select(seconds => Job(seconds % 20 == 0 ? LeafId : Leaf("a", "s"), T0.AddSeconds(seconds), ["qpu"])).ToList();
        jobs.ForEach(job => core.Enqueue(job));

        Assert.Equal(jobs.OrderBy(job => job.EnqueuedAt), core.Waiting);
    }

    /// <summary>
    /// Random adds (mostly in age order, some older ones, as retries are), removals from anywhere and takes from the
    /// head, checked after every step against a sorted reference: order, count and every prefix's device time.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void An_age_ordered_queue_matches_a_sorted_reference_under_random_operations(int seed)
    {
        var random = new Random(seed);
        var queue = new AgeOrderedQueue();
        var reference = new SortedSet<WaitingJob>(Comparer<WaitingJob>.Create((x, y) =>
        {
            var byAge = x.EnqueuedAt.CompareTo(y.EnqueuedAt);
            return byAge != 0 ? byAge : x.JobId.CompareTo(y.JobId);
        }));
        var clock = T0;
        for (var step = 0; step < 3_000; step++)
        {
            var roll = random.NextDouble();
            if (roll < 0.5 || reference.Count == 0)
            {
                clock = clock.AddMilliseconds(random.Next(0, 3));
                var at = random.NextDouble() < 0.1 ? clock.AddSeconds(-random.Next(0, 60)) : clock;
                var job = Job(LeafId, at, ["d"], seconds: random.Next(1, 100));
                queue.Add(job);
                reference.Add(job);
            }
            else if (roll < 0.75)
            {
                Assert.Same(reference.Min, queue.Head);
                Assert.True(queue.Remove(queue.Head));
                reference.Remove(reference.Min!);
            }
            else
            {
                var victim = reference.ElementAt(random.Next(reference.Count));
                Assert.True(queue.Remove(victim));
                reference.Remove(victim);
            }

            Assert.Equal(reference.Count, queue.Count);
            if (step % 50 == 0)
            {
                var expected = reference.ToList();
                var total = TimeSpan.Zero;
                for (var i = 0; i < expected.Count; i++)
                {
                    Assert.Same(expected[i], queue[i]);
                    Assert.Equal(total, queue.DurationOfFirst(i));
                    total += expected[i].EstimatedDuration;
                }
                Assert.Equal(total, queue.DurationOfFirst(expected.Count));
            }
        }
    }
}
