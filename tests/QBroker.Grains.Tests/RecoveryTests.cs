using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;

namespace QBroker.Grains.Tests;

/// <summary>What a new process finds in the store after the previous one died, and what it makes of it.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public async Task Queued_jobs_and_lost_executions_left_by_a_dead_process_all_complete_after_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "qbroker-recovery-" + Guid.NewGuid().ToString("N"));
        var queued = new List<Guid>();
        Guid running;
        var first = await GrainCluster.StartAsync(folder);
        try
        {
            // Hold the device in maintenance so jobs stay queued, then stage one "running" job as a crash leaves it.
            await first.Grains.GetGrain<IDeviceGrain>("local-sim").SetStatus(DeviceStatus.Maintenance, "held for the test");
            for (var i = 0; i < 5; i++)
            {
                var id = Guid.NewGuid();
                await first.Grains.GetGrain<IJobGrain>(id).Submit(Specs.Circuit());
                queued.Add(id);
            }
            running = queued[0];
            var record = (await first.Store.GetAsync(running))!;
            await first.Store.UpdateAsync(
                record with { State = JobState.Running, Attempts = 1, PlacedDeviceId = "local-sim", StartedAt = record.CreatedAt, Version = record.Version + 1 },
                record.Version,
                new JobTransition(JobState.Queued, JobState.Running, record.CreatedAt, "started on local-sim (attempt 1)"));
            await first.Grains.GetGrain<IDeviceGrain>("local-sim").SetStatus(DeviceStatus.Online, "back");
            // The staged job's grain still caches "queued"; the process "dies" before it runs anything else.
        }
        finally
        {
            await first.StopKeepingStoreAsync();
        }

        await using var second = await GrainCluster.StartAsync(folder);
        var report = await second.Grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey).EnsureRecovered();
        Assert.True(report.LostExecutionsRecovered + report.Requeued >= 1);
        foreach (var id in queued)
        {
            var done = await Specs.WaitForTerminalAsync(second.Grains.GetGrain<IJobGrain>(id));
            Assert.Equal(JobState.Completed, done.State);
            Assert.Single(await second.Store.GetTransitionsAsync(id), t => t.To.IsTerminal());
        }
        var recovered = await second.Store.GetTransitionsAsync(running);
        Assert.Contains(recovered, t => t.To == JobState.Retrying && t.Reason.Contains("lost", StringComparison.Ordinal));
        Assert.Equal(2, (await second.Store.GetAsync(running))!.Attempts);
    }
}
