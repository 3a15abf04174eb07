using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;

namespace QBroker.Grains.Tests.Scheduling;

/// <summary>
/// The scheduler's view of a device's status follows the device's live activation. A maintenance report that outlived
/// its activation (a duplicate activation deactivated after a silo died drains and says so, while the other one keeps
/// running) must not keep the device from taking work.
/// </summary>
public sealed class DeviceStatusReconciliationTests
{
    [Fact]
    public async Task A_stale_maintenance_report_is_corrected_from_the_live_device_and_its_queue_runs()
    {
        await using var cluster = await GrainCluster.StartAsync();
        var scheduler = cluster.Grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey);
        await scheduler.EnsureRecovered();
        var device = cluster.Grains.GetGrain<IDeviceGrain>("local-sim");
        Assert.Equal(DeviceStatus.Online, (await device.GetSnapshot()).Status);

        // What a deactivated duplicate reports, though the live activation is online and not draining.
        await scheduler.DeviceChanged("local-sim", DeviceStatus.Maintenance);
        var jobs = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var id = Guid.NewGuid();
            await cluster.Grains.GetGrain<IJobGrain>(id).Submit(Specs.Circuit());
            jobs.Add(id);
        }

        // The reconciliation (every second) takes the live status back and dispatches; the jobs run to completion.
        foreach (var id in jobs)
        {
            var done = await Specs.WaitForTerminalAsync(cluster.Grains.GetGrain<IJobGrain>(id), TimeSpan.FromSeconds(20));
            Assert.Equal(JobState.Completed, done.State);
        }

        Assert.Equal(0, (await scheduler.GetDeviceQueues()).Single(queue => queue.DeviceId == "local-sim").Queued);
    }

    [Fact]
    public async Task An_operator_maintenance_status_is_kept_and_the_queue_waits()
    {
        await using var cluster = await GrainCluster.StartAsync();
        var scheduler = cluster.Grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey);
        await scheduler.EnsureRecovered();
        await cluster.Grains.GetGrain<IDeviceGrain>("local-sim").SetStatus(DeviceStatus.Maintenance, "calibration");
        var id = Guid.NewGuid();
        await cluster.Grains.GetGrain<IJobGrain>(id).Submit(Specs.Circuit());

        // Several reconciliation rounds: the persisted maintenance is the live status, so nothing is dispatched.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(JobState.Queued, (await cluster.Grains.GetGrain<IJobGrain>(id).Get())!.State);
        Assert.Equal(1, (await scheduler.GetDeviceQueues()).Single(queue => queue.DeviceId == "local-sim").Queued);
    }
}
