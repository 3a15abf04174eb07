using QBroker.Backends.Routing;
using QBroker.Backends.Stabilizer;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Execution;

/// <summary>
/// Turns a parsed circuit into what runs on one device: routed with SWAPs when the device has a coupling map,
/// compacted to the physical qubits actually touched (so a 2-qubit circuit on a 65-qubit chip simulates 2 qubits),
/// scheduled on the device's clock with gate noise and idle relaxation (<see cref="CircuitScheduler"/>), its
/// scheduled duration, and whether it is Clifford.
/// </summary>
public static class CircuitPreparer
{
    public static PreparedCircuit Prepare(Circuit circuit, DeviceModel device)
    {
        IReadOnlyList<Operation> operations = circuit.Operations;
        var swaps = 0;
        if (!device.Coupling.IsAllToAll)
        {
            var routed = CircuitRouter.Route(circuit, device);
            operations = routed.Operations;
            swaps = routed.SwapCount;
        }
        var physical = new SortedSet<int>();
        CollectQubits(operations, physical);
        var physicalQubits = physical.ToArray();
        var dense = new Dictionary<int, int>();
        for (var i = 0; i < physicalQubits.Length; i++)
        {
            dense[physicalQubits[i]] = i;
        }
        var scheduler = new CircuitScheduler(new NoiseModel(device), device.Timing, dense);
        var steps = scheduler.Lower(operations);
        var program = new ExecutionProgram(circuit, physicalQubits.Length, steps);
        var isClifford = ExecutionProgram.Flatten(steps).OfType<GateStep>()
            .All(g => CliffordDecomposer.TryDecompose(g.Gate, g.Qubits, g.Parameters) is not null);
        return new PreparedCircuit(program, physicalQubits, swaps, scheduler.DurationSeconds, isClifford);
    }

    private static void CollectQubits(IEnumerable<Operation> operations, SortedSet<int> qubits)
    {
        foreach (var op in operations)
        {
            switch (op)
            {
                case GateOperation g:
                    qubits.UnionWith(g.Qubits);
                    break;
                case MeasureOperation m:
                    qubits.Add(m.Qubit);
                    break;
                case ResetOperation:
                    // A reset alone does not make a qubit part of the state: until a gate touches the qubit it is in
                    // |0⟩ and its resets lower to nothing (CircuitScheduler), so `reset q;` does not widen the simulation.
                    break;
                case ConditionalOperation c:
                    CollectQubits(c.Then, qubits);
                    CollectQubits(c.Else, qubits);
                    break;
            }
        }
    }
}
