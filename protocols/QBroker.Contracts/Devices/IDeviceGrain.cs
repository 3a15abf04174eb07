using Orleans.Concurrency;

namespace QBroker.Contracts.Devices;

/// <summary>
/// One device, keyed by its id: its operator-set status and the jobs executing on it. Execution runs in the
/// background of the activation; the grain asks the scheduler for the next job when a slot frees.
/// </summary>
[Alias("qbroker.IDeviceGrain")]
public interface IDeviceGrain : IGrainWithStringKey
{
    /// <summary>Starts executing the job in a free slot and returns at once.</summary>
    /// <remarks>
    /// Interleaves because the scheduler calls it while the device may itself be waiting on the scheduler (a status
    /// change, a freed slot); it only registers the execution and never awaits, so interleaving is safe.
    /// </remarks>
    [Alias("Assign"), AlwaysInterleave]
    Task Assign(Guid jobId);

    /// <summary>Stops the job if it is executing here (it was cancelled).</summary>
    [Alias("Abort"), AlwaysInterleave]
    Task Abort(Guid jobId);

    [Alias("GetSnapshot"), AlwaysInterleave]
    Task<DeviceSnapshot> GetSnapshot();

    /// <summary>
    /// Its silo is leaving the cluster: takes no more work, lets running executions finish for a short grace and hands
    /// the rest back to the queue. Returns how many were handed back. The activation keeps refusing work until the
    /// silo's shutdown deactivates it; the next call then activates the device on a silo that stays.
    /// </summary>
    /// <remarks>Interleaves so the scheduler's snapshots and aborts are answered while the executions drain.</remarks>
    [Alias("HandOver"), AlwaysInterleave]
    Task<int> HandOver();

    /// <summary>Sets the operator status. Going offline interrupts running executions, which are retried elsewhere or later.</summary>
    [Alias("SetStatus")]
    Task<DeviceSnapshot> SetStatus(DeviceStatus status, string reason);

    /// <summary>Makes a fraction of executions end in a transient fault (fault drills; 0 turns it off).</summary>
    [Alias("SetFaultRate")]
    Task<DeviceSnapshot> SetFaultRate(double faultRate);
}

[GenerateSerializer, Immutable, Alias("qbroker.DeviceSnapshot")]
public sealed record DeviceSnapshot(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] DeviceStatus Status,
    [property: Id(2)] int Slots,
    [property: Id(3)] IReadOnlyList<Guid> Running,
    [property: Id(4)] string? StatusReason,
    [property: Id(5)] double FaultRate = 0);
