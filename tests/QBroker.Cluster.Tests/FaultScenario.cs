using System.Diagnostics;
using QBroker.Cluster.Tests.Infrastructure;

namespace QBroker.Cluster.Tests;

/// <summary>
/// One failure test: a steady workload of <see cref="Jobs"/> jobs; once a third is acknowledged, a fault hits the
/// silo that hosts the scheduler grain at that moment (the worst case: its loss costs a scheduler recovery on top of
/// its own jobs); then the workload finishes, the queue drains, and the history checker must pass. Detection and
/// recovery times are measured and printed.
/// </summary>
public static class FaultScenario
{
    /// <summary>Jobs per scenario: three thousand keeps the whole project within about seven minutes on 2 cores.</summary>
    public const int Jobs = 3000;

    public const int Clients = 16;

    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);

    public static readonly TimeSpan DetectionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs the scenario and requires a correct history with every job acknowledged. <paramref name="fault"/> acts on
    /// the victim and marks the clock once the fault has taken effect (it is marked when the fault returns otherwise).
    /// </summary>
    public static async Task<FaultReport> RunAsync(ClusterHarness cluster, string scenario, Func<IClusterNode, FaultClock, Task> fault)
    {
        var run = await RunUncheckedAsync(cluster, scenario, Jobs, DrainTimeout, fault);
        Assert.True(run.Verdict.Passed, run.Verdict.Summary());
        Assert.Equal(0, run.GaveUp);
        Assert.Equal(Jobs, run.Acknowledged);
        return run.Report;
    }

    /// <summary>The scenario with <paramref name="jobs"/> jobs, returning what the checker found without judging it.</summary>
    public static async Task<FaultRun> RunUncheckedAsync(ClusterHarness cluster, string scenario, int jobs, TimeSpan drainTimeout, Func<IClusterNode, FaultClock, Task> fault)
    {
        await using var workload = cluster.CreateWorkload($"{scenario.Replace(' ', '-')}-{Guid.NewGuid():N}", jobs);
        var run = workload.RunAsync(Clients, CancellationToken.None);
        await workload.WaitForAcknowledgedAsync(jobs / 3, TimeSpan.FromSeconds(120));
        var victim = await cluster.SchedulerHostAsync(TimeSpan.FromSeconds(30));
        var deadBefore = await cluster.Membership.CountDeadIncarnationsAsync(victim.Settings.SiloPort);
        cluster.Log($"{scenario} on {victim.Settings.Name} (hosts the scheduler) after {workload.Log.Count} acknowledgements");
        var detection = cluster.WaitForDeathDeclaredAsync(victim.Settings.SiloPort, deadBefore, DetectionTimeout);
        var clock = new FaultClock();
        await fault(victim, clock);
        clock.Mark();
        var detected = await detection;
        bool? leftByItself = detected is null ? null : (await cluster.Membership.DeathDeclaredByAsync(victim.Settings.SiloPort)).Contains(victim.Settings.SiloPort);
        await run;
        cluster.Log($"workload done: {workload.Log.Count} acknowledged, {workload.GaveUp} given up");
        var verdict = await cluster.DrainAndCheckAsync(workload, drainTimeout);
        var drained = clock.SecondsUntil(Stopwatch.GetTimestamp());
        var resumed = await cluster.FirstCompletionStartedAfterAsync(clock.At) is { } at ? (at - clock.At).TotalSeconds : (double?)null;
        var report = new FaultReport(scenario, workload.Log.Count, detected is { } dead ? clock.SecondsUntil(dead) : null, resumed, drained, leftByItself);
        cluster.Log(report.ToString());
        return new FaultRun(report, verdict, workload.Log.Count, workload.GaveUp, victim);
    }
}
