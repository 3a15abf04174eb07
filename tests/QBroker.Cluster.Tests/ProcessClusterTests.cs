using System.Diagnostics;
using QBroker.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QBroker.Cluster.Tests;

/// <summary>
/// Issue 8, points 2b, 2c and 3: three silo processes on PostgreSQL under a steady workload through the HTTP API.
/// In each scenario the fault hits the silo hosting the scheduler at that moment (the shared cluster moves it
/// around). It is SIGKILLed; or frozen with SIGSTOP until declared dead and then resumed (it must find out and stop);
/// or it gets SIGTERM (it must turn unready at once, answer the API with 503 while it stops, hand its work over, exit
/// 0 and leave membership as Dead); and all three are restarted one after the other, twice, each as soon as the
/// previous one's replacement is ready. After each the history checker must pass.
/// </summary>
public sealed class ProcessClusterTests(ProcessClusterFixture fixture, ITestOutputHelper output) : IClassFixture<ProcessClusterFixture>, IAsyncLifetime
{
    /// <summary>Longer than the silos' host shutdown timeout (30 s in NodeSettings), so a hung shutdown shows as a failure.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(40);

    /// <summary>Every silo is restarted this many times in the rolling-restart test, six silos leaving in a row.</summary>
    private const int RollingRounds = 2;

    /// <summary>Twice a scenario's jobs, so the workload runs through most of the two rounds.</summary>
    private const int RollingJobs = 2 * FaultScenario.Jobs;

    private ClusterHarness Cluster => fixture.Cluster;

    public Task InitializeAsync()
    {
        Cluster.Output = output;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => fixture.HealAsync();

    [Fact]
    public async Task A_silo_process_killed_with_SIGKILL_loses_no_job()
    {
        var report = await FaultScenario.RunAsync(Cluster, "SIGKILL", async (victim, clock) =>
        {
            clock.Mark();
            await victim.KillAsync();
        });
        Assert.NotNull(report.Detection);
        Assert.False(report.LeftByItself, "a SIGKILLed silo cannot write its own Dead row");
        Assert.NotNull(report.Resumed);
    }

    [Fact]
    public async Task A_silo_frozen_until_declared_dead_then_resumed_stops_itself_and_loses_no_job()
    {
        var exitedAfterResume = false;
        var report = await FaultScenario.RunAsync(Cluster, "SIGSTOP", async (victim, clock) =>
        {
            var frozen = (ProcessNode)victim;
            var deadBefore = await Cluster.Membership.CountDeadIncarnationsAsync(frozen.Settings.SiloPort);
            await frozen.FreezeAsync();
            clock.Mark();
            Assert.NotNull(await Cluster.WaitForDeathDeclaredAsync(frozen.Settings.SiloPort, deadBefore, FaultScenario.DetectionTimeout));
            // Frozen a little longer than it took to be declared dead, so the rest of the cluster has moved on.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await frozen.ResumeAsync();
            exitedAfterResume = await frozen.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Cluster.Log(exitedAfterResume
                ? $"the resumed silo found itself declared dead and stopped (exit code {frozen.ExitCode})"
                : "the resumed silo is still running");
            await Cluster.ReplaceWithProcessAsync(Cluster.IndexOf(frozen));
            Cluster.Log("a fresh silo took its place");
        });
        Assert.True(exitedAfterResume, "the frozen silo did not stop after it was resumed and found itself declared dead");
        Assert.NotNull(report.Detection);
        Assert.False(report.LeftByItself, "a frozen silo cannot write its own Dead row");
    }

    [Fact]
    public async Task SIGTERM_turns_a_silo_unready_at_once_and_it_hands_over_and_leaves_cleanly_with_exit_code_0()
    {
        bool? firstAnswerAfterSignal = true;
        double unreadyAfter = double.NaN;
        (int Status, string? ProblemType)? apiWhileStopping = null;
        long handedOver = 0;
        var exited = false;
        int? status = null;
        var exitCode = -1;
        var victimOutput = string.Empty;
        var report = await FaultScenario.RunAsync(Cluster, "SIGTERM", async (victim, clock) =>
        {
            var node = (ProcessNode)victim;
            var signalled = Stopwatch.GetTimestamp();
            await node.TerminateAsync();
            clock.Mark();
            while (Stopwatch.GetElapsedTime(signalled) < TimeSpan.FromSeconds(5))
            {
                firstAnswerAfterSignal = await SiloReadiness.ProbeAsync(node.Settings.BaseAddress);
                if (firstAnswerAfterSignal != true)
                {
                    unreadyAfter = Stopwatch.GetElapsedTime(signalled).TotalSeconds;
                    break;
                }
            }
            // Still listening (QBroker:Shutdown:UnreadyDelay), the API must refuse work with 503, not take it.
            apiWhileStopping = await SiloReadiness.ApiStatusAsync(node.Settings.BaseAddress, NodeSettings.OperatorKey);
            exited = await node.WaitForExitAsync(ExitTimeout);
            var stopped = Stopwatch.GetElapsedTime(signalled).TotalSeconds;
            exitCode = exited ? node.ExitCode : -1;
            victimOutput = node.OutputTail;
            status = await Cluster.Membership.MembershipStatusAsync(node.Settings.SiloPort);
            // The process cluster keeps jobs in the same database as membership.
            handedOver = await Cluster.Membership.CountTransitionsAsync("handed over", clock.At);
            Cluster.Log(FormattableString.Invariant($"unready (/readyz {(firstAnswerAfterSignal is null ? "refused" : "503")}) {unreadyAfter:F2} s after SIGTERM, /api answered {apiWhileStopping?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"} {apiWhileStopping?.ProblemType}; exited with {exitCode} after {stopped:F2} s, {handedOver} executions handed over; membership status {status}"));
            await Cluster.ReplaceWithProcessAsync(Cluster.IndexOf(node));
        });
        Assert.False(firstAnswerAfterSignal, "/readyz should answer 503 (not refuse connections) right after SIGTERM");
        Assert.True(unreadyAfter < 1.0, $"the silo turned unready only {unreadyAfter:F2} s after SIGTERM");
        Assert.Equal((503, "/problems/stopping"), apiWhileStopping);
        Assert.True(exited, "the silo did not exit within its shutdown timeout");
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{victimOutput}");
        Assert.Equal(StoreInspector.DeadStatus, status);
        Assert.True(report.LeftByItself, "a silo stopped by SIGTERM must leave membership itself");
    }

    [Fact]
    public async Task Two_rolling_restarts_of_all_three_silos_without_a_pause_under_load_lose_no_job_and_every_silo_exits_with_0()
    {
        var run = await FaultScenario.RunUncheckedAsync(Cluster, "rolling restart", RollingJobs, FaultScenario.DrainTimeout, async (victim, clock) =>
        {
            // The silo hosting the scheduler goes first, while the other two still run; each next silo gets SIGTERM
            // as soon as the previous one's replacement is ready, as `kubectl drain` or a rollout without
            // minReadySeconds would do.
            var first = Cluster.IndexOf(victim);
            for (var step = 0; step < RollingRounds * Cluster.Nodes.Count; step++)
            {
                var i = (first + step) % Cluster.Nodes.Count;
                var node = (ProcessNode)Cluster.Nodes[i];
                var signalled = Stopwatch.GetTimestamp();
                await node.TerminateAsync();
                clock.Mark();
                Assert.True(await node.WaitForExitAsync(ExitTimeout), $"{node.Settings.Name} did not exit after SIGTERM");
                var stopped = Stopwatch.GetElapsedTime(signalled).TotalSeconds;
                Assert.True(node.ExitCode == 0, $"{node.Settings.Name} exited with {node.ExitCode} after SIGTERM:\n{node.OutputTail}");
                await Cluster.ReplaceWithProcessAsync(i);
                Cluster.Log(FormattableString.Invariant($"{node.Settings.Name} exited with 0 {stopped:F2} s after SIGTERM; its replacement is ready {Stopwatch.GetElapsedTime(signalled).TotalSeconds:F2} s after it"));
            }
        });
        Assert.True(run.Verdict.Passed, run.Verdict.Summary());
        Assert.Equal(0, run.GaveUp);
        Assert.Equal(RollingJobs, run.Acknowledged);
    }
}
