using QBroker.Backends.Anneal;

namespace QBroker.Backends;

/// <summary>
/// What a backend returns. <see cref="Counts"/> are keyed by bitstrings in the Qiskit order
/// (see <see cref="QBroker.Qasm.Ir.Circuit.FormatBits"/>); for an annealer they are keyed by the sample's variable
/// values in variable order (variable 0 leftmost), and <see cref="Samples"/> carries energies and occurrences.
/// </summary>
public sealed record ExecutionResult(
    IReadOnlyDictionary<string, long> Counts,
    TimeSpan DeviceTime,
    string Engine)
{
    /// <summary>Annealing samples, lowest energy first; null for gate circuits.</summary>
    public IReadOnlyList<AnnealSample>? Samples { get; init; }
}
