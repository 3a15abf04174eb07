using QBroker.Client.Api;

namespace QBroker.Cli.Tests.Support;

/// <summary>Wire models filled with plausible values for fake answers.</summary>
public static class SampleViews
{
    public static readonly DateTimeOffset CreatedAt = new(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);

    public static JobView Job(string id, string state = JobStates.Queued, int? queuePosition = null) => new()
    {
        Id = id,
        State = state,
        Kind = "circuit",
        Owner = "alice",
        Institution = "skku",
        Project = "qsim",
        Device = "ionq-11",
        Shots = 100,
        CreatedAt = CreatedAt,
        QueuePosition = queuePosition,
        EstimatedStart = queuePosition is null ? null : CreatedAt.AddMinutes(2),
        EstimatedCost = 1.25m,
        Tags = ["demo"],
    };

    public static JobResultView Result(string id, IReadOnlyDictionary<string, long> counts) => new()
    {
        Id = id,
        Device = "ionq-11",
        Shots = (int)counts.Values.Sum(),
        Counts = counts,
        Engine = "statevector",
        DeviceTimeSeconds = 0.5,
        CompletedAt = CreatedAt.AddMinutes(3),
    };

    public static DeviceView Device(string id) => new()
    {
        Id = id,
        Provider = "ionq",
        Kind = "gate",
        DisplayName = "IonQ Harmony",
        Qubits = 11,
        MaxShots = 10_000,
        Status = "online",
        QueueDepth = 2,
        Running = 1,
    };
}
