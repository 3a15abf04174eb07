using QBroker.Contracts.Devices;
using QBroker.Grains.Scheduling;
using static QBroker.Grains.Tests.Scheduling.CoreFixtures;

namespace QBroker.Grains.Tests.Scheduling;

/// <summary>Where a job waits: soonest-completion placement, retries away from the failed device, outages.</summary>
public sealed class PlacementTests
{
    private static readonly string Researcher = Leaf("a", "r");

    /// <summary>A job that asks for the soonest completion, taking <paramref name="slow"/> s on "slow" and <paramref name="fast"/> s on "fast".</summary>
    private static WaitingJob Soonest(DateTimeOffset at, double slow, double fast) =>
        Job(Researcher, at, ["slow", "fast"], seconds: Math.Max(slow, fast)) with
        {
            DurationOnDevice = [TimeSpan.FromSeconds(slow), TimeSpan.FromSeconds(fast)],
        };

    /// <summary>Starts a job of <paramref name="seconds"/> on <paramref name="deviceId"/> at T0.</summary>
    private static void Occupy(SchedulingCore core, string deviceId, double seconds)
    {
        core.Enqueue(Job(Researcher, T0, [deviceId], seconds: seconds));
        Assert.True(core.TryStartNext(deviceId, T0, out _));
    }

    [Fact]
    public void A_slow_device_that_is_free_does_not_take_a_job_a_busy_fast_device_would_finish_sooner()
    {
        var core = Core(Tree(("a", 1, ["r"])), "slow", "fast");
        Occupy(core, "fast", seconds: 30);
        var job = Soonest(T0, slow: 120, fast: 20);

        // On slow it would finish at 120 s; on fast the running job ends at 30 s and this one at 50 s.
        core.Enqueue(job, T0);

        Assert.Equal("fast", core.Ticket(job.JobId, T0)!.DeviceId);
        Assert.False(core.TryStartNext("slow", T0, out _));
        Assert.Equal(["fast"], core.Waiting.Single().Devices);
    }

    [Fact]
    public void A_fast_device_busy_for_longer_than_the_slow_one_needs_loses_the_job()
    {
        var core = Core(Tree(("a", 1, ["r"])), "slow", "fast");
        Occupy(core, "fast", seconds: 200);
        var job = Soonest(T0, slow: 120, fast: 20);

        core.Enqueue(job, T0);

        Assert.True(core.TryStartNext("slow", T0, out var started));
        Assert.Equal(job.JobId, started.JobId);
    }

    [Theory]
    [InlineData(3, "fast")]
    [InlineData(4, "slow")]
    public void The_jobs_waiting_ahead_on_a_device_count_towards_its_completion(int waitingAhead, string expected)
    {
        var core = Core(Tree(("a", 1, ["r"])), "slow", "fast");
        for (var i = 0; i < waitingAhead; i++)
        {
            core.Enqueue(Job(Researcher, T0.AddSeconds(i), ["fast"], seconds: 30));
        }
        var job = Soonest(T0.AddMinutes(1), slow: 120, fast: 20);

        // fast: 30 s per job ahead, then 20 s: 110 s with three ahead (sooner than 120 s on slow), 140 s with four.
        core.Enqueue(job, T0.AddMinutes(1));

        Assert.Equal([expected], core.Waiting.Single(waiting => waiting.JobId == job.JobId).Devices);
    }

    [Fact]
    public void With_every_estimate_equal_the_first_listed_device_wins_and_without_durations_any_device_may_take_it()
    {
        var core = Core(Tree(("a", 1, ["r"])), "slow", "fast");
        var tie = Job(Researcher, T0, ["fast", "slow"]) with { DurationOnDevice = [TimeSpan.Zero, TimeSpan.Zero] };
        var anywhere = Job(Researcher, T0.AddSeconds(1), ["fast", "slow"]);

        core.Enqueue(tie, T0);
        core.Enqueue(anywhere, T0);

        Assert.Equal(["fast"], core.Waiting.Single(waiting => waiting.JobId == tie.JobId).Devices);
        Assert.True(core.TryStartNext("slow", T0, out var onSlow));
        Assert.Equal(anywhere.JobId, onSlow.JobId);
    }

    [Fact]
    public void A_placed_job_whose_device_stops_taking_work_is_placed_again_and_a_pinned_one_keeps_waiting()
    {
        var core = Core(Tree(("a", 1, ["r"])), "slow", "fast");
        var placed = Soonest(T0, slow: 120, fast: 20);
        var pinned = Job(Researcher, T0.AddSeconds(1), ["fast"]);
        core.Enqueue(placed, T0);
        core.Enqueue(pinned, T0);
        Assert.Equal(["fast"], core.Waiting.First().Devices);

        core.SetStatus("fast", DeviceStatus.Offline, T0.AddSeconds(5));

        Assert.True(core.TryStartNext("slow", T0.AddSeconds(5), out var moved));
        Assert.Equal(placed.JobId, moved.JobId);
        Assert.False(core.TryStartNext("slow", T0.AddSeconds(5), out _));
        Assert.Equal(["fast"], core.Waiting.Single().Devices);
    }

    [Fact]
    public void A_retry_waits_on_the_other_eligible_devices_and_on_all_of_them_when_none_other_is_online()
    {
        var core = Core(Tree(("a", 1, ["r"])), "ibm", "rigetti");
        var job = Job(Researcher, T0, ["ibm", "rigetti"]);
        core.Enqueue(job);
        Assert.True(core.TryStartNext("ibm", T0, out var first));
        Assert.NotNull(core.Finish("ibm", first.JobId));

        core.Requeue(first, failedOn: "ibm", T0.AddSeconds(2));

        Assert.False(core.TryStartNext("ibm", T0.AddSeconds(2), out _));
        Assert.True(core.TryStartNext("rigetti", T0.AddSeconds(2), out var second));
        Assert.Equal(job.JobId, second.JobId);
        Assert.NotNull(core.Finish("rigetti", second.JobId));

        core.SetStatus("ibm", DeviceStatus.Maintenance, T0.AddSeconds(3));
        core.Requeue(second, failedOn: "rigetti", T0.AddSeconds(3));

        Assert.Equal(["ibm", "rigetti"], core.Waiting.Single().Devices);
        Assert.True(core.TryStartNext("rigetti", T0.AddSeconds(3), out var third));
        Assert.Equal(job.JobId, third.JobId);
    }

    [Fact]
    public void A_retried_job_counts_once_in_fair_share_usage_with_its_actual_cost()
    {
        var tree = Tree(("a", 1, ["r"]));
        var core = Core(tree, "ibm", "rigetti");
        var job = Job(Researcher, T0, ["ibm", "rigetti"], credits: 10);
        core.Enqueue(job);
        core.TryStartNext("ibm", T0, out var first);
        core.Requeue(core.Finish("ibm", first.JobId)!, failedOn: "ibm", T0);
        core.TryStartNext("rigetti", T0, out var second);
        Assert.Equal(10, tree.Report(T0).Node(Researcher).DecayedUsage, 9);

        core.Settle(core.Finish("rigetti", second.JobId)!, charged: 4, T0);

        Assert.Equal(4, tree.Report(T0).Node(Researcher).DecayedUsage, 9);
    }
}
