using QBroker.Grains.Scheduling;
using static QBroker.Grains.Tests.Scheduling.CoreFixtures;

namespace QBroker.Grains.Tests.Scheduling;

public sealed class TicketTests
{
    /// <summary>
    /// The ticket counts the jobs ahead by binary search per (leaf, priority level); scoring every waiting job, as a
    /// scheduler without that structure would, must give the same position and start for every job, with several
    /// leaves of different usage, mixed priorities, durations and ages, and some jobs already started.
    /// </summary>
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Positions_and_starts_equal_those_from_scoring_every_waiting_job(int seed)
    {
        var random = new Random(seed);
        var tree = Tree(("a", 50, ["r1", "r2"]), ("b", 30, ["r3"]), ("c", 20, ["r4"]));
        var leaves = new[] { Leaf("a", "r1"), Leaf("a", "r2"), Leaf("b", "r3"), Leaf("c", "r4") };
        tree.AddUsage(leaves[0], 40, T0);
        tree.AddUsage(leaves[2], 5, T0);
        var core = Core(tree, "qpu");
        var jobs = new List<WaitingJob>();
        for (var i = 0; i < 300; i++)
        {
            var job = Job(leaves[random.Next(leaves.Length)], T0.AddSeconds(random.Next(0, 600)), ["qpu"],
                priority: random.Next(-2, 3), seconds: random.Next(1, 120));
            core.Enqueue(job);
            jobs.Add(job);
        }
        var now = T0.AddMinutes(20);
        Assert.True(core.TryStartNext("qpu", now, out var running));

        foreach (var job in jobs.Where(j => j.JobId != running.JobId))
        {
            var score = core.Score(job, now);
            var outranking = core.Waiting
                .Where(other => other.JobId != job.JobId)
                .Where(other => core.Score(other, now) > score || (core.Score(other, now) == score && Before(other, job)))
                .ToList();
            var backlog = running.EstimatedDuration + outranking.Aggregate(TimeSpan.Zero, (sum, other) => sum + other.EstimatedDuration);

            var ticket = core.Ticket(job.JobId, now)!;
            Assert.Equal(outranking.Count + 1, ticket.Position);
            Assert.Equal(now + backlog, ticket.EstimatedStart);
        }
    }

    private static bool Before(WaitingJob x, WaitingJob y) =>
        x.Priority != y.Priority ? x.Priority > y.Priority
        : x.EnqueuedAt != y.EnqueuedAt ? x.EnqueuedAt < y.EnqueuedAt
        : x.JobId.CompareTo(y.JobId) < 0;
}
