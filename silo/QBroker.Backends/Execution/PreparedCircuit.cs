namespace QBroker.Backends.Execution;

/// <summary>
/// A circuit prepared for one device: routed onto its coupling map, compacted to the physical qubits it touches,
/// with the device's noise inserted. Check, EstimateDeviceTime and ExecuteAsync share one preparation.
/// </summary>
public sealed record PreparedCircuit(
    ExecutionProgram Program,
    IReadOnlyList<int> PhysicalQubits,
    int SwapCount,
    double DurationSeconds,
    bool IsClifford);
