namespace QBroker.Contracts.Jobs;

/// <summary>What a completed job produced: counts per bitstring (Qiskit order) and how it was obtained.</summary>
[GenerateSerializer, Immutable, Alias("qbroker.JobResult")]
public sealed record JobResult
{
    [Id(0)] public required Guid JobId { get; init; }
    [Id(1)] public required string DeviceId { get; init; }
    [Id(2)] public required IReadOnlyDictionary<string, long> Counts { get; init; }
    [Id(3)] public required string Engine { get; init; }
    [Id(4)] public required TimeSpan DeviceTime { get; init; }
    [Id(5)] public required DateTimeOffset CompletedAt { get; init; }
    /// <summary>What the execution actually cost, from the device's price model and the device time used.</summary>
    [Id(6)] public decimal Cost { get; init; }
}
