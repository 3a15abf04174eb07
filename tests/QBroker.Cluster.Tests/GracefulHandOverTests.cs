using System.Diagnostics;
using QBroker.Cluster.Tests.History;
using QBroker.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace QBroker.Cluster.Tests;

/// <summary>
/// Issue 8 point 3, the hand-over itself: executions really in flight on a silo when it gets SIGTERM. Every job runs on
/// the local simulator, whose device grain lives on one silo, with its device time stretched (DeviceTimeScale 400) so
/// an execution lasts 4 s (16 shots) or 12 s (20,000 shots). The silo running them is terminated while both kinds run.
/// A leaving silo stays unready for 1 s (UnreadyDelay) and then lets executions finish for 5 s (the device's drain
/// grace): the short ones must complete on it before it exits, the long ones must be handed back to the queue before it
/// exits and complete on another silo. Every accepted job must end once with one settled charge, and the silo must
/// exit with 0 within its shutdown timeout.
/// </summary>
public sealed class GracefulHandOverTests(ITestOutputHelper output)
{
    private const int Jobs = 24;

    /// <summary>The local simulator's 10 ms a task and 1 µs a shot, × 400: 4.0 s.</summary>
    private const int ShortShots = 16;

    /// <summary>(10 ms + 20,000 µs) × 400: 12.0 s, longer than the unready delay and drain grace together.</summary>
    private const int LongShots = 20_000;

    private static readonly Dictionary<string, string> LongExecutions = new() { ["QBroker:Broker:DeviceTimeScale"] = "400" };

    /// <summary>The silos' shutdown timeout in the tests (NodeSettings), which the grace period must exceed.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Executions_in_flight_on_a_silo_at_SIGTERM_complete_there_or_are_handed_over_and_complete_on_another_silo()
    {
        await using var cluster = await ClusterHarness.StartAsync("handover", asProcesses: true, output, overrides: LongExecutions);
        await using var workload = cluster.CreateWorkload($"handover-{Guid.NewGuid():N}", Jobs, index => index % 2 == 0 ? ShortShots : LongShots);
        var run = workload.RunAsync(clients: 4, CancellationToken.None);
        var (victimSilo, inFlight) = await WaitForExecutionsOnOneSiloAsync(cluster, minimum: 8, TimeSpan.FromSeconds(60));
        var victim = (ProcessNode)(cluster.NodeAt(victimSilo) ?? throw new InvalidOperationException($"No node runs silo {victimSilo}."));
        cluster.Log($"SIGTERM to {victim.Settings.Name} ({victimSilo}) with {inFlight.Count} executions in flight there");

        var signalled = Stopwatch.GetTimestamp();
        await victim.TerminateAsync();
        var exited = await victim.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(10));
        var exitedAt = DateTimeOffset.UtcNow;
        var stopped = Stopwatch.GetElapsedTime(signalled);
        Assert.True(exited, $"{victim.Settings.Name} did not exit within {ShutdownTimeout.TotalSeconds + 10} s of SIGTERM");
        cluster.Log(FormattableString.Invariant($"{victim.Settings.Name} exited with {victim.ExitCode} {stopped.TotalSeconds:F2} s after SIGTERM"));
        Assert.True(victim.ExitCode == 0, $"exit code {victim.ExitCode}:\n{victim.OutputTail}");
        Assert.True(stopped < ShutdownTimeout, $"{victim.Settings.Name} took {stopped.TotalSeconds:F1} s to leave");

        await run;
        var verdict = await cluster.DrainAndCheckAsync(workload, FaultScenario.DrainTimeout);
        Assert.True(verdict.Passed, verdict.Summary());
        Assert.Equal(Jobs, workload.Log.Count);

        var jobs = (await cluster.Membership.ReadAsync(0)).Jobs.ToDictionary(job => job.JobId);
        var fates = inFlight.Select(id => ExecutionFate.Of(jobs[id], victimSilo, exitedAt)).ToList();
        foreach (var (_, account) in fates)
        {
            cluster.Log(account);
        }
        var handOvers = fates.Where(fate => fate.Outcome == ExecutionOutcome.HandedOverAndCompletedElsewhere).ToList();
        cluster.Log(FormattableString.Invariant(
            $"{fates.Count(fate => fate.Outcome == ExecutionOutcome.CompletedThere)} completed on the leaving silo, {handOvers.Count} handed over and completed elsewhere"));
        Assert.All(fates, fate => Assert.True(fate.Outcome != ExecutionOutcome.Other, fate.Account));
        Assert.Contains(fates, fate => fate.Outcome == ExecutionOutcome.CompletedThere);
        Assert.NotEmpty(handOvers);
    }

    /// <summary>
    /// Waits until at least <paramref name="minimum"/> executions run on one silo, by the silo their start recorded;
    /// returns that silo and the jobs running there.
    /// </summary>
    private static async Task<(string Silo, IReadOnlyList<Guid> Jobs)> WaitForExecutionsOnOneSiloAsync(ClusterHarness cluster, int minimum, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var busiest = (await cluster.Membership.RunningExecutionsAsync())
                .GroupBy(execution => execution.Silo, execution => execution.JobId)
                .MaxBy(silo => silo.Count());
            if (busiest is not null && busiest.Count() >= minimum)
            {
                return (busiest.Key, [.. busiest]);
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Fewer than {minimum} executions ran on one silo within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(100);
        }
    }
}
