using QBroker.Cluster.Tests.Infrastructure;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using Xunit.Abstractions;

namespace QBroker.Cluster.Tests;

/// <summary>
/// Issue 8, recovery correctness: an execution is declared lost (its silo stopped answering) and the job is started
/// again; then the original execution, which was only slow, reports its outcome after all. Both executions report a
/// completion through the job grain's public API, in the order a frozen-then-resumed silo produces, and the store
/// must end with one terminal state, one release of the escrow and one charge of the recorded cost.
/// </summary>
public sealed class LateOriginalExecutionTests(ITestOutputHelper output)
{
    private const string Device = "local-sim";

    [Fact]
    public async Task A_lost_execution_that_completes_after_its_retry_started_is_not_settled_twice()
    {
        await using var cluster = await ClusterHarness.StartAsync("late", asProcesses: false, output, siloCount: 1);
        var grains = ((InProcessNode)cluster.Nodes[0]).Grains;
        var device = grains.GetGrain<IDeviceGrain>(Device);
        // In maintenance the scheduler hands the device nothing: this test alone moves the job between states.
        await device.SetStatus(DeviceStatus.Maintenance, "the test drives executions by hand");
        await using var workload = cluster.CreateWorkload($"late-{Guid.NewGuid():N}", 1);
        await workload.RunAsync(clients: 1, CancellationToken.None);
        var job = grains.GetGrain<IJobGrain>(workload.Log.Snapshot().Single().JobId);

        var original = await job.BeginAttempt(Device, "the test");
        Assert.Equal((JobState.Running, 1), (original!.State, original.Attempts));
        Assert.Equal(JobState.Retrying, (await job.RecoverLostExecution("execution lost (test)"))!.State);
        var retry = await job.BeginAttempt(Device, "the test");
        Assert.Equal((JobState.Running, 2), (retry!.State, retry.Attempts));

        var lateOriginalSettled = await job.Complete(Result(job.GetPrimaryKey(), cost: 0.5m));
        var retrySettled = await job.Complete(Result(job.GetPrimaryKey(), cost: 0.7m));

        Assert.True(lateOriginalSettled ^ retrySettled, $"late original settled: {lateOriginalSettled}, retry settled: {retrySettled}; exactly one may");
        Assert.Equal(lateOriginalSettled ? 0.5m : 0.7m, (await job.Get())!.ActualCost);
        // Back online, the scheduler hands the device the job it still has queued; the device finds it ended.
        await device.SetStatus(DeviceStatus.Online, "test over");
        var verdict = await cluster.DrainAndCheckAsync(workload, FaultScenario.DrainTimeout);
        Assert.True(verdict.Passed, verdict.Summary());
    }

    private static JobResult Result(Guid jobId, decimal cost) => new()
    {
        JobId = jobId,
        DeviceId = Device,
        Counts = new Dictionary<string, long> { ["00"] = 8, ["11"] = 8 },
        Engine = "test",
        DeviceTime = TimeSpan.FromMilliseconds(1),
        CompletedAt = DateTimeOffset.UtcNow,
        Cost = cost,
    };
}
