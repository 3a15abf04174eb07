namespace QBroker.Contracts.Jobs;

/// <summary>
/// A validated submission: everything the researcher asked for, with the owner resolved from the API key.
/// Immutable once accepted; the job's lifecycle lives in <see cref="JobRecord"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.JobSpec")]
public sealed record JobSpec
{
    [Id(0)] public required string Kind { get; init; }
    [Id(1)] public required string Payload { get; init; }
    [Id(2)] public required int Shots { get; init; }
    /// <summary>The device named at submission; null when the job gives requirements instead.</summary>
    [Id(3)] public string? DeviceId { get; init; }
    [Id(4)] public DeviceRequirements? Requirements { get; init; }
    [Id(5)] public required string OwnerId { get; init; }
    [Id(6)] public required string InstitutionId { get; init; }
    [Id(7)] public required string ProjectId { get; init; }
    [Id(8)] public int Priority { get; init; }
    [Id(9)] public IReadOnlyList<string> Tags { get; init; } = [];
    [Id(10)] public string? ClientToken { get; init; }
    [Id(11)] public string? Name { get; init; }
    /// <summary>SHA-256 of the fields above that define the work; a replayed client token with another hash is a conflict.</summary>
    [Id(12)] public required string ContentHash { get; init; }
    [Id(13)] public decimal EstimatedCost { get; init; }
    /// <summary>How long the target device would be busy with this job (unscaled), from its timing model.</summary>
    [Id(14)] public TimeSpan EstimatedDeviceTime { get; init; }
    /// <summary>
    /// The devices that may run the job, decided at submission: the named device, or the devices meeting the
    /// requirements, narrowed by the optimisation goal (cost and fidelity keep the best; time keeps them all, fastest
    /// first, and the scheduler places the job where it would complete soonest). A retry may move it among them.
    /// </summary>
    [Id(15)] public IReadOnlyList<string> EligibleDevices { get; init; } = [];
    /// <summary>
    /// W3C traceparent of the submission's span, set by the job grain; the job's later spans are recorded under it. On
    /// the way in, the submitting HTTP request's span, the submit span's parent. Not part of the content hash.
    /// </summary>
    [Id(16)] public string? TraceParent { get; init; }
    /// <summary>
    /// For a job placed by soonest completion (requirements with the goal "time" and several eligible devices): its
    /// estimated device time (unscaled) on each of <see cref="EligibleDevices"/>, in the same order. Empty otherwise.
    /// Not part of the content hash (derived from the fields that are).
    /// </summary>
    [Id(17)] public IReadOnlyList<TimeSpan> EligibleDeviceTimes { get; init; } = [];
}

/// <summary>What a device must offer for a job that names no device.</summary>
[GenerateSerializer, Immutable, Alias("qbroker.DeviceRequirements")]
public sealed record DeviceRequirements
{
    [Id(0)] public int? MinQubits { get; init; }
    [Id(1)] public string? DeviceKind { get; init; }
    [Id(2)] public IReadOnlyList<string>? Providers { get; init; }
    [Id(3)] public string? Optimize { get; init; }
}
