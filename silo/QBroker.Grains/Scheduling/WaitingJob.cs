namespace QBroker.Grains.Scheduling;

/// <summary>
/// A job as the scheduling core holds it: whose it is (the fair-share leaf), where it waits now, its own priority,
/// since when it waits, and its estimated device time and cost (the provisional fair-share charge).
/// <see cref="Devices"/> are the queues it waits in; <see cref="EligibleDevices"/> every device that may run it, of
/// which placement by soonest completion, a retry or an outage may choose a subset (see SchedulingCore.Placement).
/// </summary>
public sealed record WaitingJob(
    Guid JobId,
    string LeafId,
    IReadOnlyList<string> Devices,
    int Priority,
    DateTimeOffset EnqueuedAt,
    TimeSpan EstimatedDuration,
    double EstimatedCredits)
{
    /// <summary>Every device that may run the job; the devices it was enqueued for unless set.</summary>
    public IReadOnlyList<string> EligibleDevices { get; init; } = Devices;

    /// <summary>
    /// For a job placed by soonest completion: its estimated (scaled) duration on each of <see cref="EligibleDevices"/>,
    /// in the same order. Null for a job that whichever of its devices frees first may take.
    /// </summary>
    public IReadOnlyList<TimeSpan>? DurationOnDevice { get; init; }
}
