using Microsoft.Extensions.Logging;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Grains.Jobs;

namespace QBroker.Grains.Scheduling;

/// <summary>
/// Recovery while the scheduler lives: its activation rebuilds from the store, and this reconciliation covers what
/// happens after, when another silo dies. Every period it asks each device what it runs (which also re-activates a
/// device grain whose silo died), and an execution the scheduler believes running that the device has not reported
/// twice in a row is settled from the store: requeued when it was lost, put back in line when it never started,
/// released when it had ended.
/// </summary>
public sealed partial class SchedulerGrain
{
    /// <summary>How often devices are asked; with two observations needed, a lost slot frees within about twice this.</summary>
    private static readonly TimeSpan ReconcilePeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A device whose silo is frozen or dead but not yet declared so would hold the scheduler for the whole response
    /// timeout; after this the device is left unjudged for the round.
    /// </summary>
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(2);

    private readonly OrphanedExecutionDetector _orphans = new();

    private void StartReconciling() =>
        this.RegisterGrainTimer(ReconcileAsync, new GrainTimerCreationOptions(ReconcilePeriod, ReconcilePeriod) { Interleave = false });

    /// <summary>A device's snapshot, or null when it does not answer in time (its silo is unreachable).</summary>
    private async Task<DeviceSnapshot?> TrySnapshotAsync(string deviceId)
    {
        try
        {
            return await GrainFactory.GetGrain<IDeviceGrain>(deviceId).GetSnapshot().WaitAsync(SnapshotTimeout);
        }
        catch (Exception error) when (error is TimeoutException or OrleansException)
        {
            LogDeviceUnreachable(deviceId, error.GetType().Name);
            return null;
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var reported = new Dictionary<string, IReadOnlySet<Guid>>(StringComparer.Ordinal);
        foreach (var device in devices.All)
        {
            if (await TrySnapshotAsync(device.Model.Id) is { } snapshot)
            {
                reported[device.Model.Id] = snapshot.Running.ToHashSet();
            }
        }
        var orphaned = _orphans.Observe(_core.Running.Select(running => (running.DeviceId, running.Job.JobId)), reported);
        if (orphaned.Count == 0)
        {
            return;
        }
        foreach (var (deviceId, jobId) in orphaned)
        {
            await SettleOrphanAsync(deviceId, jobId);
        }
        await DispatchAsync();
    }

    /// <summary>Frees the slot of an execution its device lost, and does with the job what its record says.</summary>
    private async Task SettleOrphanAsync(string deviceId, Guid jobId)
    {
        var job = GrainFactory.GetGrain<IJobGrain>(jobId);
        var record = await job.Get();
        if (record is { State: JobState.Running } && record.PlacedDeviceId == deviceId)
        {
            record = await job.RecoverLostExecution($"execution on {deviceId} was lost (its silo stopped); requeued");
        }
        var finished = _core.Finish(deviceId, jobId);
        if (finished is null || record is null)
        {
            LogOrphanSettled(jobId, deviceId, "dropped");
            return;
        }
        if (record.State.IsWaiting())
        {
            _core.Enqueue(ToWaiting(JobGrain.QueueEntryFor(record, options.Value.DeviceTimeScale)), time.GetUtcNow());
            LogOrphanSettled(jobId, deviceId, "requeued");
        }
        else if (record.State.IsTerminal())
        {
            _core.Settle(finished, (double)(record.State == JobState.Completed ? record.ActualCost ?? 0m : 0m), time.GetUtcNow());
            LogOrphanSettled(jobId, deviceId, "ended");
        }
        else if (record.PlacedDeviceId is { } elsewhere && _core.KnowsDevice(elsewhere))
        {
            // Running on another device after all (a duplicate activation started it there): follow it.
            _core.MarkRunning(elsewhere, finished, record.StartedAt ?? time.GetUtcNow());
            LogOrphanSettled(jobId, deviceId, $"running on {elsewhere}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} did not answer the scheduler ({Error}); not judged this round")]
    private partial void LogDeviceUnreachable(string deviceId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Execution of job {JobId} on {DeviceId} was no longer reported by the device; {Outcome}")]
    private partial void LogOrphanSettled(Guid jobId, string deviceId, string outcome);
}
