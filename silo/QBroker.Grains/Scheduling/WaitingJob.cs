namespace QBroker.Grains.Scheduling;

/// <summary>
/// A job as the scheduling core holds it: whose it is (the fair-share leaf), where it may run, its own priority,
/// since when it waits, and its estimated device time and cost (the provisional fair-share charge).
/// </summary>
public sealed record WaitingJob(
    Guid JobId,
    string LeafId,
    IReadOnlyList<string> Devices,
    int Priority,
    DateTimeOffset EnqueuedAt,
    TimeSpan EstimatedDuration,
    double EstimatedCredits);
