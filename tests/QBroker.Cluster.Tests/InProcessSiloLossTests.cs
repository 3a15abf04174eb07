using QBroker.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QBroker.Cluster.Tests;

/// <summary>
/// Issue 8, point 2a: three silos in this process on PostgreSQL, the one hosting the scheduler killed mid-run (its
/// host stopped with a cancelled token: no deactivation, no hand-over, though Orleans still writes its Dead row; see
/// InProcessNode). And the negative control: the same scenario on storage that dies with its silo must fail the
/// history check, because of the kill.
/// </summary>
public sealed class InProcessSiloLossTests(ITestOutputHelper output)
{
    /// <summary>The control's workload: enough for every silo to hold acknowledged jobs when one dies.</summary>
    private const int ControlJobs = 600;

    /// <summary>Jobs stranded in a survivor's store never drain in the control: waiting long would prove nothing more.</summary>
    private static readonly TimeSpan ControlDrainTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_in_process_silo_killed_mid_run_loses_no_job()
    {
        await using var cluster = await ClusterHarness.StartAsync("inproc", asProcesses: false, output);
        var report = await FaultScenario.RunAsync(cluster, "in-process kill", Kill);
        Assert.NotNull(report.Detection);
        Assert.NotNull(report.Resumed);
    }

    [Fact]
    public async Task Negative_control_with_storage_that_dies_with_its_silo_passes_without_a_kill_and_loses_jobs_with_one()
    {
        await using (var calm = await ClusterHarness.StartWithSiloLocalStoresAsync("calm", output))
        {
            await using var workload = calm.CreateWorkload($"calm-{Guid.NewGuid():N}", ControlJobs);
            await workload.RunAsync(FaultScenario.Clients, CancellationToken.None);
            var verdict = await calm.DrainAndCheckAsync(workload, FaultScenario.DrainTimeout);
            Assert.True(verdict.Passed, "without a kill the silo-local stores must pass, or the control shows nothing: " + verdict.Summary());
        }

        await using var cluster = await ClusterHarness.StartWithSiloLocalStoresAsync("control", output);
        IReadOnlySet<Guid> diedWithTheSilo = new HashSet<Guid>();
        var run = await FaultScenario.RunUncheckedAsync(cluster, "control kill", ControlJobs, ControlDrainTimeout, async (victim, clock) =>
        {
            await Kill(victim, clock);
            diedWithTheSilo = await cluster.DestroyStoreOfAsync(victim);
        });

        Assert.False(run.Verdict.Passed);
        Assert.NotEmpty(run.Verdict.Lost);
        // Every job lost is one the killed silo's store held: the kill lost them, nothing else did.
        Assert.All(run.Verdict.Lost, job => Assert.Contains(job, diedWithTheSilo));
    }

    private static async Task Kill(IClusterNode victim, FaultClock clock)
    {
        // Marked before: the ungraceful stop itself takes a moment, and the others may notice during it.
        clock.Mark();
        await victim.KillAsync();
    }
}
