using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Devices;
using QBroker.Grains.Jobs;
using QBroker.Storage.Jobs;

namespace QBroker.Grains.Scheduling;

/// <summary>
/// Holds the queue index of every device in memory and makes each dispatch decision locally. On activation it
/// rebuilds the index from the store: waiting jobs are queued again, running jobs that no device reports any more
/// (their silo died) are sent back to the queue through their job grain, which records why.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class SchedulerGrain(
    IJobStore store,
    DeviceRegistry devices,
    TimeProvider time,
    IOptions<BrokerOptions> options,
    ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain
{
    private readonly Dictionary<string, DeviceLane> _lanes = new(StringComparer.Ordinal);
    private RecoveryReport _recovery = new(0, 0, 0);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var reportedRunning = new HashSet<Guid>();
        foreach (var device in devices.All)
        {
            var snapshot = await GrainFactory.GetGrain<IDeviceGrain>(device.Model.Id).GetSnapshot();
            _lanes[device.Model.Id] = new DeviceLane(device.Model.Id, device.Slots, snapshot.Status);
            reportedRunning.UnionWith(snapshot.Running);
        }

        int requeued = 0, recovered = 0, stillRunning = 0;
        foreach (var job in await store.LoadActiveAsync())
        {
            var entry = EntryFor(job);
            if (!_lanes.TryGetValue(entry.DeviceId, out var lane))
            {
                LogUnknownDevice(job.Id, entry.DeviceId);
                continue;
            }
            if (job.State.IsWaiting())
            {
                lane.Enqueue(entry);
                requeued++;
            }
            else if (reportedRunning.Contains(job.Id) && job.PlacedDeviceId is { } placed && _lanes.TryGetValue(placed, out var runningLane))
            {
                runningLane.MarkRunning(entry, job.StartedAt ?? time.GetUtcNow());
                stillRunning++;
            }
            else
            {
                var waiting = await GrainFactory.GetGrain<IJobGrain>(job.Id)
                    .RecoverLostExecution($"execution on {job.PlacedDeviceId ?? "a device"} was lost (its silo stopped); requeued");
                if (waiting is not null)
                {
                    lane.Enqueue(EntryFor(waiting));
                    recovered++;
                }
            }
        }
        _recovery = new RecoveryReport(requeued, recovered, stillRunning);
        LogRecovered(requeued, recovered, stillRunning);
        foreach (var lane in _lanes.Values)
        {
            await DispatchAsync(lane);
        }
    }

    public async Task<QueueTicket> Enqueue(QueueEntry entry)
    {
        var lane = Lane(entry.DeviceId);
        if (lane.Enqueue(entry))
        {
            await DispatchAsync(lane);
        }
        return lane.Ticket(entry.JobId, time.GetUtcNow()) ?? new QueueTicket(entry.JobId, entry.DeviceId, 0, time.GetUtcNow());
    }

    public Task Remove(Guid jobId)
    {
        foreach (var lane in _lanes.Values)
        {
            if (lane.Remove(jobId))
            {
                break;
            }
        }
        return Task.CompletedTask;
    }

    public Task<Guid?> SlotFreed(string deviceId, Guid jobId, bool requeue)
    {
        var lane = Lane(deviceId);
        if (lane.Finish(jobId) is { } finished && requeue)
        {
            lane.Enqueue(finished);
        }
        return Task.FromResult(lane.TryStartNext(time.GetUtcNow(), out var next) ? next.JobId : (Guid?)null);
    }

    public Task<QueueTicket?> GetTicket(Guid jobId)
    {
        var now = time.GetUtcNow();
        foreach (var lane in _lanes.Values)
        {
            if (lane.IsWaiting(jobId))
            {
                return Task.FromResult(lane.Ticket(jobId, now));
            }
        }
        return Task.FromResult<QueueTicket?>(null);
    }

    public Task<IReadOnlyList<DeviceQueueStats>> GetDeviceQueues() =>
        Task.FromResult<IReadOnlyList<DeviceQueueStats>>(
            [.. _lanes.Values.Select(lane => new DeviceQueueStats(lane.DeviceId, lane.WaitingCount, lane.RunningCount, lane.OldestEnqueuedAt))]);

    public Task<RecoveryReport> EnsureRecovered() => Task.FromResult(_recovery);

    public async Task DeviceChanged(string deviceId, DeviceStatus status)
    {
        var lane = Lane(deviceId);
        lane.Status = status;
        await DispatchAsync(lane);
    }

    /// <summary>Fills the lane's free slots. Device.Assign interleaves and returns at once, so this cannot deadlock.</summary>
    private async Task DispatchAsync(DeviceLane lane)
    {
        var now = time.GetUtcNow();
        List<Task>? assignments = null;
        while (lane.TryStartNext(now, out var next))
        {
            (assignments ??= []).Add(GrainFactory.GetGrain<IDeviceGrain>(lane.DeviceId).Assign(next.JobId));
        }
        if (assignments is not null)
        {
            await Task.WhenAll(assignments);
        }
    }

    private DeviceLane Lane(string deviceId) =>
        _lanes.TryGetValue(deviceId, out var lane) ? lane : throw new ArgumentException($"Unknown device '{deviceId}'.", nameof(deviceId));

    private QueueEntry EntryFor(JobRecord job) => JobGrain.QueueEntryFor(job, options.Value.DeviceTimeScale);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} targets unknown device {DeviceId}; left out of the queue")]
    private partial void LogUnknownDevice(Guid jobId, string deviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler recovered: {Requeued} waiting, {Recovered} lost executions requeued, {StillRunning} still running")]
    private partial void LogRecovered(int requeued, int recovered, int stillRunning);
}
