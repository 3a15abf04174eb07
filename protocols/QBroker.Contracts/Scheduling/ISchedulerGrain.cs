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
    /// A device slot finished with a job; <paramref name="release"/> says how it left. Returns the next job for the
    /// freed slot, or null when the device has nothing to do.
    /// </summary>
    [Alias("SlotFreed")]
    Task<Guid?> SlotFreed(string deviceId, Guid jobId, SlotRelease release);

    /// <summary>Queue position and ETA of a waiting job; null when it is not waiting.</summary>
    [Alias("GetTicket")]
    Task<QueueTicket?> GetTicket(Guid jobId);

    [Alias("GetDeviceQueues")]
    Task<IReadOnlyList<DeviceQueueStats>> GetDeviceQueues();

    /// <summary>The fair-share tree now: every node's shares, decayed usage and factor.</summary>
    [Alias("GetFairShare")]
    Task<IReadOnlyList<FairShareLine>> GetFairShare();

    /// <summary>Activates the scheduler (and with it, recovery of everything the store says is still active).</summary>
    [Alias("EnsureRecovered")]
    Task<RecoveryReport> EnsureRecovered();

    /// <summary>The device's status changed; an online device with free slots is given work at once.</summary>
    [Alias("DeviceChanged")]
    Task DeviceChanged(string deviceId, Devices.DeviceStatus status);
}

/// <summary>
/// A waiting job as the scheduler needs it: where it may run, whose it is (project and owner: its fair-share leaf),
/// its own priority, since when it waits, and its estimated (scaled) device time and cost. A job placed by soonest
/// completion also gives its estimated (scaled) duration on each of <see cref="Devices"/>, in the same order; without
/// them any of its devices may take it, whichever frees first.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.QueueEntry")]
public sealed record QueueEntry(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] IReadOnlyList<string> Devices,
    [property: Id(2)] string InstitutionId,
    [property: Id(3)] string ProjectId,
    [property: Id(4)] string OwnerId,
    [property: Id(5)] int Priority,
    [property: Id(6)] DateTimeOffset EnqueuedAt,
    [property: Id(7)] TimeSpan EstimatedDuration,
    [property: Id(8)] decimal EstimatedCost,
    [property: Id(9)] IReadOnlyList<TimeSpan>? DurationOnDevice = null);

/// <summary>
/// How a job left a device slot: back to the queue after a transient fault (<see cref="Requeue"/>), ended for good
/// (<see cref="Ended"/>, with what it was charged), or neither (it was not this device's to run).
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.SlotRelease")]
public sealed record SlotRelease(
    [property: Id(0)] bool Requeue,
    [property: Id(1)] bool Ended,
    [property: Id(2)] decimal Charged,
    [property: Id(3)] int Attempt)
{
    public static SlotRelease NotRun { get; } = new(false, false, 0m, 0);
}

/// <summary>
/// Where a waiting job stands: 1-based position on the device where it would start soonest, and when; no estimate
/// when none of its devices is online. Position 0 means the job is being handed to a free slot right now.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.QueueTicket")]
public sealed record QueueTicket(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] string DeviceId,
    [property: Id(2)] int Position,
    [property: Id(3)] DateTimeOffset? EstimatedStart);

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
