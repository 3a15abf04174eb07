using QBroker.Backends;
using QBroker.Qasm;

namespace QBroker.Grains.Devices;

/// <summary>
/// Turns a job's kind and payload into what a backend executes. The API uses it to validate a submission and the
/// device uses it to execute, so what was accepted is exactly what runs.
/// </summary>
public static class WorkloadCompiler
{
    public const string CircuitKind = "circuit";

    /// <summary>Kinds this broker accepts.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [CircuitKind];

    /// <summary>Compiles the payload; throws <see cref="QasmException"/> for a malformed circuit.</summary>
    public static Workload Compile(string kind, string payload) => kind switch
    {
        CircuitKind => new CircuitWorkload(QasmParser.Parse(payload)),
        _ => throw new ArgumentException($"Unknown job kind '{kind}'. Known kinds: {string.Join(", ", Kinds)}.", nameof(kind)),
    };
}
