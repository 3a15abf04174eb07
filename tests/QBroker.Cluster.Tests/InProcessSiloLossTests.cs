using QBroker.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QBroker.Cluster.Tests;

/// <summary>
/// Issue 8, point 2a: three silos in this process on PostgreSQL, one killed mid-run (its host stopped with a
/// cancelled token: Orleans' ungraceful stop, as the Orleans test cluster's KillSiloAsync does). And the negative
/// control: the same kill when each silo keeps its state in a store that dies with it must fail the history check.
/// </summary>
public sealed class InProcessSiloLossTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_in_process_silo_killed_mid_run_loses_no_job()
    {
        await using var cluster = await ClusterHarness.StartAsync("inproc", asProcesses: false, output);
        var report = await FaultScenario.RunAsync(cluster, "in-process kill", async (victim, clock) =>
        {
            // Marked before: the ungraceful stop itself takes a moment, and the others may notice during it.
            clock.Mark();
            await victim.KillAsync();
        });
        Assert.NotNull(report.Detection);
        Assert.NotNull(report.Resumed);
    }

    [Fact]
    public async Task Negative_control_with_state_that_dies_with_its_silo_fails_the_history_check()
    {
        await using var cluster = await ClusterHarness.StartWithLocalStateAsync(output);
        await using var workload = cluster.CreateWorkload("control", FaultScenario.Jobs / 2);
        var run = workload.RunAsync(FaultScenario.Clients, CancellationToken.None);
        await workload.WaitForAcknowledgedAsync(FaultScenario.Jobs / 6, TimeSpan.FromSeconds(120));
        await cluster.Nodes[0].KillAsync();
        await run;
        var verdict = await cluster.DrainAndCheckAsync(workload, FaultScenario.DrainTimeout, cluster.StoresExcept(0));
        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Violations, violation => violation.EndsWith("is not in the store (lost)", StringComparison.Ordinal));
    }
}
