using QBroker.Backends;
using QBroker.Backends.Qkd;
using QBroker.Qasm;

namespace QBroker.Grains.Devices;

/// <summary>
/// Turns a job's kind and payload into what a backend executes. The API uses it to validate a submission and the
/// device uses it to execute, so what was accepted is exactly what runs.
/// </summary>
public static class WorkloadCompiler
{
    public const string CircuitKind = "circuit";

    /// <summary>A QKD experiment (docs/qkd-job-format.md); its payload is the experiment JSON.</summary>
    public const string QkdKind = "qkd";

    /// <summary>Kinds this broker accepts.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [CircuitKind, QkdKind];

    /// <summary>
    /// Compiles the payload; throws <see cref="QasmException"/> for a malformed circuit and
    /// <see cref="QkdExperimentFormatException"/> for a malformed or oversized QKD experiment.
    /// </summary>
    public static Workload Compile(string kind, string payload) => kind switch
    {
        CircuitKind => new CircuitWorkload(QasmParser.Parse(payload)),
        QkdKind => new QkdWorkload(QkdExperimentJson.Parse(payload)),
        _ => throw new ArgumentException($"Unknown job kind '{kind}'. Known kinds: {string.Join(", ", Kinds)}.", nameof(kind)),
    };
}
