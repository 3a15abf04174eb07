using QBroker.Qasm.Ir;

namespace QBroker.Backends.Routing;

/// <summary>
/// A circuit's operations rewritten onto physical qubits, with the SWAPs routing needed. Layouts map logical qubit
/// i to physical qubit layout[i], before the first operation and after the last (SWAPs move qubits around).
/// </summary>
public sealed record RoutedCircuit(
    IReadOnlyList<Operation> Operations, int SwapCount, IReadOnlyList<int> InitialLayout, IReadOnlyList<int> FinalLayout);
