using QBroker.Backends.Routing;
using QBroker.Backends.Stabilizer;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Execution;

/// <summary>
/// Turns a parsed circuit into what runs on one device: routed with SWAPs when the device has a coupling map,
/// compacted to the physical qubits actually touched (so a 2-qubit circuit on a 65-qubit chip simulates 2 qubits),
/// with noise steps from the device's calibration, its scheduled duration, and whether it is Clifford.
/// </summary>
public static class CircuitPreparer
{
    public static PreparedCircuit Prepare(Circuit circuit, DeviceModel device)
    {
        IReadOnlyList<Operation> operations = circuit.Operations;
        var swaps = 0;
        if (!device.Coupling.IsAllToAll)
        {
            var routed = SwapRouter.Route(circuit, device.Coupling);
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
        var noise = new NoiseModel(device);
        var steps = Lower(operations, dense, noise);
        var program = new ExecutionProgram(circuit, physicalQubits.Length, steps);
        var duration = ScheduledSeconds(operations, noise, device.Timing);
        var isClifford = ExecutionProgram.Flatten(steps).OfType<GateStep>()
            .All(g => CliffordDecomposer.TryDecompose(g.Gate, g.Qubits, g.Parameters) is not null);
        return new PreparedCircuit(program, physicalQubits, swaps, duration, isClifford);
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
                case ResetOperation r:
                    qubits.Add(r.Qubit);
                    break;
                case ConditionalOperation c:
                    CollectQubits(c.Then, qubits);
                    CollectQubits(c.Else, qubits);
                    break;
            }
        }
    }

    private static List<ExecutionStep> Lower(IEnumerable<Operation> operations, Dictionary<int, int> dense, NoiseModel noise)
    {
        var steps = new List<ExecutionStep>();
        foreach (var op in operations)
        {
            switch (op)
            {
                case GateOperation g:
                    var qubits = g.Qubits.Select(q => dense[q]).ToArray();
                    steps.Add(new GateStep(g.Gate, qubits, g.Parameters.ToArray()));
                    steps.AddRange(noise.AfterGate(g.Gate, g.Qubits, qubits));
                    break;
                case MeasureOperation m:
                    var (oneGivenZero, zeroGivenOne) = noise.Readout(m.Qubit);
                    steps.Add(new MeasureStep(dense[m.Qubit], m.Clbit, oneGivenZero, zeroGivenOne));
                    break;
                case ResetOperation r:
                    steps.Add(new ResetStep(dense[r.Qubit]));
                    break;
                case ConditionalOperation c:
                    steps.Add(new ConditionalStep(c.Condition, Lower(c.Then, dense, noise), Lower(c.Else, dense, noise)));
                    break;
            }
        }
        return steps;
    }

    /// <summary>
    /// As-soon-as-possible schedule: each gate starts when all its qubits are free. Resets take a readout; terminal
    /// readout and repetition delay are counted by the timing model per shot; a conditional block counts its longer branch.
    /// </summary>
    private static double ScheduledSeconds(IEnumerable<Operation> operations, NoiseModel noise, TimingModel timing)
    {
        var clock = new Dictionary<int, double>();
        Schedule(operations, clock, noise, timing);
        return clock.Count == 0 ? 0 : clock.Values.Max();
    }

    private static void Schedule(IEnumerable<Operation> operations, Dictionary<int, double> clock, NoiseModel noise, TimingModel timing)
    {
        foreach (var op in operations)
        {
            switch (op)
            {
                case GateOperation g:
                    var start = g.Qubits.Max(q => clock.GetValueOrDefault(q));
                    var end = start + noise.GateSeconds(g.Gate);
                    foreach (var q in g.Qubits)
                    {
                        clock[q] = end;
                    }
                    break;
                case ResetOperation r:
                    clock[r.Qubit] = clock.GetValueOrDefault(r.Qubit) + timing.ReadoutSeconds;
                    break;
                case ConditionalOperation c:
                    var thenClock = new Dictionary<int, double>(clock);
                    var elseClock = new Dictionary<int, double>(clock);
                    Schedule(c.Then, thenClock, noise, timing);
                    Schedule(c.Else, elseClock, noise, timing);
                    foreach (var q in thenClock.Keys.Union(elseClock.Keys))
                    {
                        clock[q] = Math.Max(thenClock.GetValueOrDefault(q), elseClock.GetValueOrDefault(q));
                    }
                    break;
            }
        }
    }
}
