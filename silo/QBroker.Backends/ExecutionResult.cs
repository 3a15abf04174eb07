namespace QBroker.Backends;

/// <summary>
/// What a backend returns. <see cref="Counts"/> are keyed by bitstrings in the Qiskit order
/// (see <see cref="QBroker.Qasm.Ir.Circuit.FormatBits"/>).
/// </summary>
public sealed record ExecutionResult(
    IReadOnlyDictionary<string, long> Counts,
    TimeSpan DeviceTime,
    string Engine);
