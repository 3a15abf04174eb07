using QBroker.Contracts.Devices;
using QBroker.Grains.Scheduling;
using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>The scheduling core's queue snapshot that feeds the per-device and per-institution queue gauges.</summary>
public sealed class QueueSnapshotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static readonly string Alice = FairShareLeaves.Leaf("kaist-p", "alice");
    private static readonly string Bob = FairShareLeaves.Leaf("kaist-p2", "bob");
    private static readonly string Carol = FairShareLeaves.Leaf("skku-p", "carol");

    [Fact]
    public void A_job_waiting_on_two_devices_counts_on_each_device_and_once_for_its_institution()
    {
        var core = Core();
        core.Enqueue(Job(Alice, T0.AddSeconds(10), "ibm", "ionq"));
        core.Enqueue(Job(Bob, T0.AddSeconds(5), "ionq"));
        core.Enqueue(Job(Carol, T0.AddSeconds(20), "ibm"));

        var snapshot = core.QueueSnapshot(T0.AddMinutes(1));

        Assert.Equal(
            [new QueueLine("ibm", 2, T0.AddSeconds(10)), new QueueLine("ionq", 2, T0.AddSeconds(5)), new QueueLine("local", 0, null)],
            snapshot.Devices);
        // kaist's two projects add up; idle institutions are reported with an empty queue, not left out.
        Assert.Equal(
            [new QueueLine("hanyang", 0, null), new QueueLine("kaist", 2, T0.AddSeconds(5)), new QueueLine("skku", 1, T0.AddSeconds(20))],
            snapshot.Institutions);
    }

    [Fact]
    public void Started_and_cancelled_jobs_leave_every_queue_they_waited_in()
    {
        var core = Core();
        var first = Job(Alice, T0, "ibm", "ionq");
        var second = Job(Alice, T0.AddSeconds(30), "ibm", "ionq");
        var third = Job(Carol, T0.AddSeconds(40), "local");
        core.Enqueue(first);
        core.Enqueue(second);
        core.Enqueue(third);

        Assert.True(core.TryStartNext("ionq", T0.AddMinutes(1), out var started));
        Assert.Equal(first.JobId, started.JobId);
        Assert.True(core.Remove(third.JobId));
        var snapshot = core.QueueSnapshot(T0.AddMinutes(1));

        Assert.Equal([1, 1, 0], snapshot.Devices.Select(d => d.Queued));
        Assert.Equal([T0.AddSeconds(30), T0.AddSeconds(30), null], snapshot.Devices.Select(d => d.OldestEnqueuedAt));
        Assert.Equal(new QueueLine("kaist", 1, T0.AddSeconds(30)), snapshot.Institutions.Single(i => i.Key == "kaist"));
        Assert.Equal(new QueueLine("skku", 0, null), snapshot.Institutions.Single(i => i.Key == "skku"));
    }

    [Fact]
    public void The_queue_version_moves_when_a_job_starts_or_stops_waiting_and_only_then()
    {
        var core = Core();
        var job = Job(Alice, T0, "ibm");
        var versions = new List<long> { core.QueueVersion };

        core.Enqueue(job);
        versions.Add(core.QueueVersion);
        // Already waiting: nothing changes.
        Assert.False(core.Enqueue(job));
        versions.Add(core.QueueVersion);
        core.TryStartNext("ibm", T0, out _);
        versions.Add(core.QueueVersion);
        // Leaving a slot is not a queue change.
        core.Finish("ibm", job.JobId);
        versions.Add(core.QueueVersion);

        Assert.Equal(3, versions.Distinct().Count());
        Assert.Equal(versions[1], versions[2]);
        Assert.Equal(versions[3], versions[4]);
    }

    [Fact]
    public void Jobs_of_a_leaf_the_tree_does_not_know_count_for_their_device_only()
    {
        var core = Core();
        core.Enqueue(Job(FairShareLeaves.Leaf("gone-p", "dave"), T0, "ibm"));

        var snapshot = core.QueueSnapshot(T0);

        Assert.Equal(1, snapshot.Devices.Single(d => d.Key == "ibm").Queued);
        Assert.All(snapshot.Institutions, i => Assert.Equal(0, i.Queued));
    }

    /// <summary>kaist with two projects (alice, bob), skku with one (carol), hanyang with none; three devices.</summary>
    private static SchedulingCore Core()
    {
        var nodes = new List<FairShareNode>
        {
            new(FairShareLeaves.Root, null, 1),
            new(FairShareLeaves.Institution("kaist"), FairShareLeaves.Root, 2),
            new(FairShareLeaves.Institution("skku"), FairShareLeaves.Root, 1),
            new(FairShareLeaves.Institution("hanyang"), FairShareLeaves.Root, 1),
            new(FairShareLeaves.Project("kaist-p"), FairShareLeaves.Institution("kaist"), 1),
            new(FairShareLeaves.Project("kaist-p2"), FairShareLeaves.Institution("kaist"), 1),
            new(FairShareLeaves.Project("skku-p"), FairShareLeaves.Institution("skku"), 1),
            new(Alice, FairShareLeaves.Project("kaist-p"), 1),
            new(Bob, FairShareLeaves.Project("kaist-p2"), 1),
            new(Carol, FairShareLeaves.Project("skku-p"), 1),
        };
        var tree = new FairShareTree(nodes, new FairShareOptions());
        return new SchedulingCore(tree, new JobPriorityOptions(), new[] { "ibm", "ionq", "local" }.Select(d => (d, 1, DeviceStatus.Online)));
    }

    private static WaitingJob Job(string leaf, DateTimeOffset enqueuedAt, params string[] devices) =>
        new(Guid.NewGuid(), leaf, devices, 0, enqueuedAt, TimeSpan.FromSeconds(60), 1);
}
