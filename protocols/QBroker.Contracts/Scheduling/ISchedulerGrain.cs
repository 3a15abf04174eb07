namespace QBroker.Contracts.Scheduling;

/// <summary>
/// The queue and the dispatch decision. Keeps its index in memory (rebuilt from the store on activation) so a
/// dispatch never calls one grain per queued job. Devices pull work when a slot frees (late binding).
/// </summary>
[Alias("qbroker.ISchedulerGrain")]
public interface ISchedulerGrain : IGrainWithStringKey
{
    /// <summary>The one scheduler of a single-node broker.</summary>
    const string DefaultKey = "default";

    /// <summary>Adds a waiting job; hands it to an idle device slot at once when there is one.</summary>
    [Alias("Enqueue")]
    Task<QueueTicket> Enqueue(QueueEntry entry);

    /// <summary>Removes a job from the queue (cancelled). No effect when it is not queued.</summary>
    [Alias("Remove")]
    Task Remove(Guid jobId);

    /// <summary>
    /// A device slot finished with a job (whatever the outcome). <paramref name="requeue"/> puts the job back in the
    /// queue (a transient fault). Returns the next job for the freed slot, or null when the device has nothing to do.
    /// </summary>
    [Alias("SlotFreed")]
    Task<Guid?> SlotFreed(string deviceId, Guid jobId, bool requeue);

    /// <summary>Queue position and ETA of a waiting job; null when it is not waiting.</summary>
    [Alias("GetTicket")]
    Task<QueueTicket?> GetTicket(Guid jobId);

    [Alias("GetDeviceQueues")]
    Task<IReadOnlyList<DeviceQueueStats>> GetDeviceQueues();

    /// <summary>Activates the scheduler (and with it, recovery of everything the store says is still active).</summary>
    [Alias("EnsureRecovered")]
    Task<RecoveryReport> EnsureRecovered();

    /// <summary>The device's status changed; an online device with free slots is given work at once.</summary>
    [Alias("DeviceChanged")]
    Task DeviceChanged(string deviceId, Devices.DeviceStatus status);
}

/// <summary>A waiting job as the queue index holds it.</summary>
[GenerateSerializer, Immutable, Alias("qbroker.QueueEntry")]
public sealed record QueueEntry(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] int Priority,
    [property: Id(3)] DateTimeOffset EnqueuedAt,
    [property: Id(4)] TimeSpan EstimatedDuration);

/// <summary>
/// Where a waiting job stands: 1-based position on its device and when it should start. Position 0 means the job
/// is being handed to a free slot of the device right now.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.QueueTicket")]
public sealed record QueueTicket(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] int Position,
    [property: Id(3)] DateTimeOffset EstimatedStart);

[GenerateSerializer, Immutable, Alias("qbroker.DeviceQueueStats")]
public sealed record DeviceQueueStats(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] int Queued,
    [property: Id(2)] int Running,
    [property: Id(3)] DateTimeOffset? OldestEnqueuedAt);

/// <summary>What the scheduler found when it (re)built its index.</summary>
[GenerateSerializer, Immutable, Alias("qbroker.RecoveryReport")]
public sealed record RecoveryReport(
    [property: Id(0)] int Requeued,
    [property: Id(1)] int LostExecutionsRecovered,
    [property: Id(2)] int StillRunning);
