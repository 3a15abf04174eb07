using QBroker.Grains.Scheduling;
using static QBroker.Grains.Tests.Scheduling.CoreFixtures;

namespace QBroker.Grains.Tests.Scheduling;

/// <summary>
/// Issue 4, point 7, on a virtual clock: the scheduling core driven by a discrete-event simulation of devices
/// finishing identical jobs. Deterministic: no randomness, no wall clock.
/// </summary>
public sealed class FairnessSimulationTests
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(1);
    private static readonly string[] Devices = ["q1", "q2", "q3", "q4"];

    /// <summary>Runs until <paramref name="until"/>; returns per leaf the device time received in [from, until).</summary>
    private static Dictionary<string, double> Run(
        SchedulingCore core, DateTimeOffset until, DateTimeOffset from, Action<DateTimeOffset>? onTick = null, Action<WaitingJob, DateTimeOffset>? onStart = null)
    {
        var received = new Dictionary<string, double>();
        var busyUntil = Devices.ToDictionary(d => d, _ => T0);
        var runningOn = new Dictionary<string, WaitingJob>();
        var now = T0;
        while (now < until)
        {
            onTick?.Invoke(now);
            foreach (var device in Devices)
            {
                if (runningOn.TryGetValue(device, out var done) && busyUntil[device] <= now)
                {
                    core.Finish(device, done.JobId);
                    core.Settle(done, done.EstimatedCredits, now);
                    runningOn.Remove(device);
                }
                if (!runningOn.ContainsKey(device) && core.TryStartNext(device, now, out var next))
                {
                    runningOn[device] = next;
                    busyUntil[device] = now + Duration;
                    onStart?.Invoke(next, now);
                    if (now >= from)
                    {
                        received[next.LeafId] = received.GetValueOrDefault(next.LeafId) + Duration.TotalSeconds;
                    }
                }
            }
            now = Devices.Where(runningOn.ContainsKey).Select(d => busyUntil[d]).DefaultIfEmpty(now + Duration).Min();
        }
        return received;
    }

    [Fact]
    public void Saturating_institutions_receive_their_shares_within_two_points_over_the_second_half()
    {
        var tree = Tree(("a", 50, ["ra"]), ("b", 30, ["rb"]), ("c", 20, ["rc"]));
        var core = Core(tree, Devices);
        // 1,500 queued jobs each: nobody runs dry during the 12-hour run (4 devices × 720 one-minute jobs).
        foreach (var (institution, researcher) in new[] { ("a", "ra"), ("b", "rb"), ("c", "rc") })
        {
            for (var i = 0; i < 1500; i++)
            {
                core.Enqueue(Job(Leaf(institution, researcher), T0, Devices));
            }
        }
        var end = T0.AddHours(12);
        var received = Run(core, end, from: T0.AddHours(6));
        var total = received.Values.Sum();
        Assert.InRange(received[Leaf("a", "ra")] / total, 0.48, 0.52);
        Assert.InRange(received[Leaf("b", "rb")] / total, 0.28, 0.32);
        Assert.InRange(received[Leaf("c", "rc")] / total, 0.18, 0.22);
    }

    [Fact]
    public void A_newcomer_starts_within_one_job_duration()
    {
        var tree = Tree(("a", 50, ["ra"]), ("b", 50, ["rb", "newcomer"]));
        var core = Core(tree, Devices);
        for (var i = 0; i < 2000; i++)
        {
            core.Enqueue(Job(Leaf("a", "ra"), T0, Devices));
            core.Enqueue(Job(Leaf("b", "rb"), T0, Devices));
        }
        var arrival = T0.AddHours(3).AddSeconds(17);
        var newcomerJob = Job(Leaf("b", "newcomer"), arrival, Devices);
        DateTimeOffset? started = null;
        Run(core, T0.AddHours(4), from: T0,
            onTick: now =>
            {
                if (now >= arrival && !core.IsWaiting(newcomerJob.JobId) && started is null)
                {
                    core.Enqueue(newcomerJob with { EnqueuedAt = now });
                }
            },
            onStart: (job, now) =>
            {
                if (job.JobId == newcomerJob.JobId)
                {
                    started = now;
                }
            });
        Assert.NotNull(started);
        Assert.True(started - arrival <= Duration, $"waited {started - arrival}");
    }

    [Fact]
    public void A_flood_from_one_researcher_does_not_delay_a_colleagues_single_job_beyond_one_job_duration()
    {
        var tree = Tree(("a", 100, ["flooder", "colleague"]));
        var core = Core(tree, Devices);
        for (var i = 0; i < 5000; i++)
        {
            core.Enqueue(Job(Leaf("a", "flooder"), T0, Devices));
        }
        var arrival = T0.AddMinutes(90).AddSeconds(3);
        var single = Job(Leaf("a", "colleague"), arrival, Devices);
        DateTimeOffset? started = null;
        Run(core, T0.AddHours(2), from: T0,
            onTick: now =>
            {
                if (now >= arrival && started is null && !core.IsWaiting(single.JobId))
                {
                    core.Enqueue(single with { EnqueuedAt = now });
                }
            },
            onStart: (job, now) =>
            {
                if (job.JobId == single.JobId)
                {
                    started = now;
                }
            });
        Assert.NotNull(started);
        Assert.True(started - arrival <= Duration, $"waited {started - arrival}");
    }
}
