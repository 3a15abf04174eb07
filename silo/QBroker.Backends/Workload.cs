using QBroker.Qasm.Ir;

namespace QBroker.Backends;

/// <summary>What a job asks a device to do.</summary>
public abstract record Workload;

/// <summary>A gate-model circuit, already parsed.</summary>
public sealed record CircuitWorkload(Circuit Circuit) : Workload;
