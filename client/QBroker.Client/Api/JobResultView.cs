using System.Text.Json;

namespace QBroker.Client.Api;

/// <summary><c>GET /api/v1/jobs/{id}/result</c>: counts per bitstring in the Qiskit order.</summary>
public sealed record JobResultView
{
    public required string Id { get; init; }
    public required string Device { get; init; }
    public required int Shots { get; init; }
    public required IReadOnlyDictionary<string, long> Counts { get; init; }

    /// <summary>Which engine produced the counts: statevector, stabilizer, annealer, ...</summary>
    public required string Engine { get; init; }
    public required double DeviceTimeSeconds { get; init; }
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>A qkd job's result table (docs/qkd-job-format.md); absent for other kinds.</summary>
    public JsonElement? Qkd { get; init; }
}
