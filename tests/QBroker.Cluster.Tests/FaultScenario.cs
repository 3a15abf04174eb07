using System.Diagnostics;
using QBroker.Cluster.Tests.Infrastructure;

namespace QBroker.Cluster.Tests;

/// <summary>
/// One failure test: a steady workload of <see cref="Jobs"/> jobs; once a third is acknowledged, a fault hits the
/// first silo (the one started first, which holds the scheduler and the device grains: the worst case); then the
/// workload finishes, the queue drains, and the history checker must pass. Detection and recovery times are
/// measured and printed.
/// </summary>
public static class FaultScenario
{
    /// <summary>Jobs per scenario: a couple of thousand keeps the whole project within a few minutes on 2 cores.</summary>
    public const int Jobs = 2000;

    public const int Clients = 16;

    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);

    public static readonly TimeSpan DetectionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs the scenario. <paramref name="fault"/> acts on the first silo and marks the clock once the fault has taken
    /// effect (it is marked when the fault returns otherwise).
    /// </summary>
    public static async Task<FaultReport> RunAsync(ClusterHarness cluster, string scenario, Func<IClusterNode, FaultClock, Task> fault)
    {
        await using var workload = cluster.CreateWorkload($"{scenario.Replace(' ', '-')}-{Guid.NewGuid():N}", Jobs);
        var run = workload.RunAsync(Clients, CancellationToken.None);
        await workload.WaitForAcknowledgedAsync(Jobs / 3, TimeSpan.FromSeconds(120));
        var victim = cluster.Nodes[0];
        var deadBefore = await cluster.Store.CountDeadIncarnationsAsync(victim.Settings.SiloPort);
        cluster.Log($"{scenario} on {victim.Settings.Name} after {workload.Log.Count} acknowledgements");
        var detection = cluster.WaitForDeathDeclaredAsync(victim.Settings.SiloPort, deadBefore, DetectionTimeout);
        var clock = new FaultClock();
        await fault(victim, clock);
        clock.Mark();
        var detected = await detection;
        await run;
        cluster.Log($"workload done: {workload.Log.Count} acknowledged, {workload.GaveUp} given up");
        var verdict = await cluster.DrainAndCheckAsync(workload, DrainTimeout);
        var drained = clock.SecondsUntil(Stopwatch.GetTimestamp());
        var resumed = await cluster.Store.FirstCompletionStartedAfterAsync(clock.At) is { } at ? (at - clock.At).TotalSeconds : (double?)null;
        var report = new FaultReport(scenario, workload.Log.Count, detected is { } dead ? clock.SecondsUntil(dead) : null, resumed, drained);
        cluster.Log(report.ToString());
        Assert.True(verdict.Passed, verdict.Summary());
        Assert.Equal(0, workload.GaveUp);
        Assert.Equal(Jobs, workload.Log.Count);
        return report;
    }
}
