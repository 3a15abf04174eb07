using System.Text.Json;

namespace QBroker.Client.Api;

/// <summary>Body of <c>POST /api/v1/jobs</c>.</summary>
public sealed record SubmitJobRequest
{
    /// <summary>circuit (default), anneal or qkd.</summary>
    public string? Kind { get; init; }

    /// <summary>OpenQASM 2.0 or 3 source, for circuit jobs.</summary>
    public string? Qasm { get; init; }

    /// <summary>The experiment of a qkd job, a JSON object (docs/qkd-job-format.md).</summary>
    public JsonElement? Experiment { get; init; }

    /// <summary>Number of shots (circuits) or reads (annealing).</summary>
    public int? Shots { get; init; }

    /// <summary>Target device id. Either this or <see cref="Requirements"/>.</summary>
    public string? Device { get; init; }

    /// <summary>Requirements any eligible device must meet, when no device is named.</summary>
    public JobRequirements? Requirements { get; init; }

    /// <summary>The project the job is charged to; defaults to the researcher's first project.</summary>
    public string? Project { get; init; }

    /// <summary>Priority within the owner's own work, -10..10 (default 0).</summary>
    public int? Priority { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Idempotency key: resubmitting with the same token returns the job first created with it.</summary>
    public string? ClientToken { get; init; }

    /// <summary>Optional human name.</summary>
    public string? Name { get; init; }
}

/// <summary>What a device must offer for a job submitted without a device id.</summary>
public sealed record JobRequirements
{
    public int? MinQubits { get; init; }

    /// <summary>gate or anneal.</summary>
    public string? DeviceKind { get; init; }

    public IReadOnlyList<string>? Providers { get; init; }

    /// <summary>time (soonest completion, default), cost or fidelity.</summary>
    public string? Optimize { get; init; }
}
