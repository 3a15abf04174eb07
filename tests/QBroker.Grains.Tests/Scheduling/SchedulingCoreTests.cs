using QBroker.Contracts.Devices;
using QBroker.Grains.Scheduling;
using static QBroker.Grains.Tests.Scheduling.CoreFixtures;

namespace QBroker.Grains.Tests.Scheduling;

public sealed class SchedulingCoreTests
{
    [Fact]
    public void A_free_device_takes_the_job_of_the_leaf_furthest_below_its_share()
    {
        var tree = Tree(("a", 50, ["ra"]), ("b", 50, ["rb"]));
        tree.AddUsage(Leaf("a", "ra"), 100, T0);
        var core = Core(tree, "qpu");
        var older = Job(Leaf("a", "ra"), T0, ["qpu"]);
        var newer = Job(Leaf("b", "rb"), T0.AddMinutes(5), ["qpu"]);
        core.Enqueue(older);
        core.Enqueue(newer);

        Assert.True(core.TryStartNext("qpu", T0.AddMinutes(6), out var started));
        Assert.Equal(newer.JobId, started.JobId);
    }

    [Fact]
    public void Inside_a_leaf_jobs_go_by_their_own_priority_then_age()
    {
        var core = Core(Tree(("a", 1, ["r"])), "qpu");
        var leaf = Leaf("a", "r");
        var first = Job(leaf, T0, ["qpu"]);
        var urgent = Job(leaf, T0.AddSeconds(1), ["qpu"], priority: 5);
        var second = Job(leaf, T0.AddSeconds(2), ["qpu"]);
        foreach (var job in new[] { first, urgent, second })
        {
            core.Enqueue(job);
        }
        var order = new List<Guid>();
        while (core.TryStartNext("qpu", T0.AddMinutes(1), out var next))
        {
            order.Add(next.JobId);
            core.Finish("qpu", next.JobId);
        }
        Assert.Equal([urgent.JobId, first.JobId, second.JobId], order);
    }

    /// <summary>
    /// With the default weights ten hours of age are worth 1000·10/168 ≈ 59.5 and one step of own priority 1000/20 =
    /// 50: the researcher's old job at priority 0 outranks their new one at priority 1, while after one hour (≈ 6)
    /// it does not. Dispatch and tickets agree in both cases.
    /// </summary>
    [Theory]
    [InlineData(10, true)]
    [InlineData(1, false)]
    public void Inside_a_leaf_enough_age_outweighs_a_higher_own_priority_in_dispatch_and_tickets(int hours, bool oldFirst)
    {
        var core = Core(Tree(("a", 1, ["r"])), "qpu");
        var leaf = Leaf("a", "r");
        var old = Job(leaf, T0, ["qpu"], priority: 0, credits: 0);
        var urgent = Job(leaf, T0.AddHours(hours), ["qpu"], priority: 1, credits: 0);
        core.Enqueue(old);
        core.Enqueue(urgent);
        var now = T0.AddHours(hours).AddMinutes(1);
        var (first, second) = oldFirst ? (old, urgent) : (urgent, old);

        Assert.Equal(1, core.Ticket(first.JobId, now)!.Position);
        Assert.Equal(2, core.Ticket(second.JobId, now)!.Position);
        Assert.True(core.TryStartNext("qpu", now, out var started));
        Assert.Equal(first.JobId, started.JobId);
    }

    [Fact]
    public void A_job_for_several_devices_is_placed_on_the_first_that_frees_and_leaves_the_other_queues()
    {
        var core = Core(Tree(("a", 1, ["r"])), "ibm", "rigetti");
        var leaf = Leaf("a", "r");
        var blocker = Job(leaf, T0, ["ibm"]);
        core.Enqueue(blocker);
        core.TryStartNext("ibm", T0, out _);
        var flexible = Job(leaf, T0.AddSeconds(1), ["ibm", "rigetti"]);
        core.Enqueue(flexible);

        Assert.True(core.TryStartNext("rigetti", T0.AddSeconds(2), out var placed));
        Assert.Equal(flexible.JobId, placed.JobId);
        core.Finish("ibm", blocker.JobId);
        Assert.False(core.TryStartNext("ibm", T0.AddSeconds(3), out _));
        Assert.Equal(0, core.WaitingCount);
    }

    [Fact]
    public void Devices_not_online_take_nothing_and_flexible_jobs_go_elsewhere()
    {
        var core = Core(Tree(("a", 1, ["r"])), "ibm", "rigetti");
        core.SetStatus("ibm", DeviceStatus.Maintenance, T0);
        var pinned = Job(Leaf("a", "r"), T0, ["ibm"]);
        var flexible = Job(Leaf("a", "r"), T0.AddSeconds(1), ["ibm", "rigetti"]);
        core.Enqueue(pinned);
        core.Enqueue(flexible);

        Assert.False(core.TryStartNext("ibm", T0, out _));
        Assert.Equal(["rigetti"], core.DevicesReadyToTake());
        Assert.True(core.TryStartNext("rigetti", T0, out var placed));
        Assert.Equal(flexible.JobId, placed.JobId);
        Assert.Null(core.Ticket(pinned.JobId, T0)!.EstimatedStart);

        core.SetStatus("ibm", DeviceStatus.Online, T0);
        Assert.True(core.TryStartNext("ibm", T0, out var resumed));
        Assert.Equal(pinned.JobId, resumed.JobId);
    }

    [Fact]
    public void Starting_a_job_charges_its_estimate_at_once_and_settlement_replaces_it_by_the_actual_cost()
    {
        var tree = Tree(("a", 50, ["burst", "colleague"]), ("b", 50, ["other"]));
        var core = Core(tree, "q1", "q2");
        var burst = Leaf("a", "burst");
        tree.AddUsage(Leaf("b", "other"), 10, T0);
        var before = tree.Factor(burst);
        var first = Job(burst, T0, ["q1", "q2"], credits: 10);
        var second = Job(burst, T0, ["q1", "q2"], credits: 10);
        core.Enqueue(first);
        core.Enqueue(second);
        Assert.Equal(before, tree.Factor(burst));

        core.TryStartNext("q1", T0, out var onQ1);
        var afterOne = tree.Factor(burst);
        Assert.True(afterOne < before, "the entry penalty lowers the factor before anything completes");
        core.TryStartNext("q2", T0, out var onQ2);
        Assert.True(tree.Factor(burst) < afterOne);

        Assert.NotNull(core.Finish("q1", onQ1.JobId));
        core.Settle(onQ1, charged: 4, T0.AddMinutes(1));
        Assert.NotNull(core.Finish("q2", onQ2.JobId));
        core.Settle(onQ2, charged: 0, T0.AddMinutes(1));
        var report = tree.Report(T0.AddMinutes(1));
        // Charged 4 credits one minute ago with a 7-day half-life: 4·2^(-1/10080).
        Assert.Equal(4, report.Node(burst).DecayedUsage, 3);
    }

    [Fact]
    public void Tickets_count_the_jobs_that_outrank_and_the_remaining_running_time()
    {
        var core = Core(Tree(("a", 1, ["r"])), "qpu");
        var leaf = Leaf("a", "r");
        var running = Job(leaf, T0, ["qpu"], seconds: 100);
        var ahead = Job(leaf, T0.AddSeconds(1), ["qpu"], seconds: 30);
        var mine = Job(leaf, T0.AddSeconds(2), ["qpu"], seconds: 30);
        core.Enqueue(running);
        core.TryStartNext("qpu", T0, out _);
        core.Enqueue(ahead);
        core.Enqueue(mine);

        var now = T0.AddSeconds(40);
        var ticket = core.Ticket(mine.JobId, now)!;
        Assert.Equal(2, ticket.Position);
        Assert.Equal("qpu", ticket.DeviceId);
        Assert.Equal(now.AddSeconds(60 + 30), ticket.EstimatedStart);
        Assert.Null(core.Ticket(running.JobId, now));
    }

    [Fact]
    public void Removing_and_re_enqueuing_is_idempotent()
    {
        var core = Core(Tree(("a", 1, ["r"])), "qpu");
        var job = Job(Leaf("a", "r"), T0, ["qpu"]);
        Assert.True(core.Enqueue(job));
        Assert.False(core.Enqueue(job));
        Assert.True(core.Remove(job.JobId));
        Assert.False(core.Remove(job.JobId));
        Assert.False(core.TryStartNext("qpu", T0, out _));
        Assert.Throws<ArgumentException>(() => core.Enqueue(Job(Leaf("a", "r"), T0, ["nowhere"])));
    }
}
