namespace QBroker.Contracts.Jobs;

/// <summary>
/// The durable record of a job: its spec and where it is in its life. <see cref="Version"/> is the optimistic
/// concurrency token of the store: every write names the version it read, so a stale writer cannot overwrite a
/// newer state (exactly one terminal state even when execution ran twice).
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.JobRecord")]
public sealed record JobRecord
{
    [Id(0)] public required Guid Id { get; init; }
    [Id(1)] public required JobSpec Spec { get; init; }
    [Id(2)] public required JobState State { get; init; }
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public DateTimeOffset? StartedAt { get; init; }
    [Id(5)] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The device the job was last placed on.</summary>
    [Id(6)] public string? PlacedDeviceId { get; init; }
    [Id(7)] public int Attempts { get; init; }
    [Id(8)] public string? Error { get; init; }
    [Id(9)] public decimal? ActualCost { get; init; }
    [Id(10)] public long Version { get; init; }
}
