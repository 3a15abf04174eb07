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

    /// <summary>
    /// Tickets are a promise about dispatch order: with jobs of one device spread over several leaves and all
    /// priority levels, aged from minutes to two days (so age often outweighs own priority), a device that keeps
    /// taking the next job at one instant takes them in the order of their positions. No job is charged (credits 0),
    /// so the fair-share factors stay as they were when the tickets were read.
    /// </summary>
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void The_device_takes_jobs_in_the_order_of_their_ticket_positions(int seed)
    {
        var random = new Random(seed);
        var tree = Tree(("a", 50, ["r1", "r2"]), ("b", 50, ["r3"]));
        var leaves = new[] { Leaf("a", "r1"), Leaf("a", "r2"), Leaf("b", "r3") };
        tree.AddUsage(leaves[0], 3, T0);
        tree.AddUsage(leaves[2], 2, T0);
        var core = Core(tree, "qpu");
        for (var i = 0; i < 200; i++)
        {
            core.Enqueue(Job(leaves[random.Next(leaves.Length)], T0.AddMinutes(random.Next(0, 48 * 60)), ["qpu"],
                priority: random.Next(-10, 11), credits: 0));
        }
        var now = T0.AddDays(2);
        var byPosition = core.Waiting.OrderBy(job => core.Ticket(job.JobId, now)!.Position).Select(job => job.JobId).ToList();
        Assert.Equal(Enumerable.Range(1, byPosition.Count), byPosition.Select(id => core.Ticket(id, now)!.Position));

        var taken = new List<Guid>();
        while (core.TryStartNext("qpu", now, out var next))
        {
            taken.Add(next.JobId);
            core.Finish("qpu", next.JobId);
        }

        Assert.Equal(byPosition, taken);
    }

    private static bool Before(WaitingJob x, WaitingJob y) =>
        x.Priority != y.Priority ? x.Priority > y.Priority
        : x.EnqueuedAt != y.EnqueuedAt ? x.EnqueuedAt < y.EnqueuedAt
        : x.JobId.CompareTo(y.JobId) < 0;
}
