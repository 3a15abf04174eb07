using QBroker.Backends.Execution;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Routing;

/// <summary>
/// Lays a circuit out on a device and routes it: SABRE (<see cref="SabreRouter"/>) from several initial layouts —
/// the greedy first-touch layout, the best-calibrated connected region (<see cref="CalibratedRegion"/>) filled in
/// first-touch order, and seeded shuffles of that region — each refined by SABRE's forward–backward–forward passes
/// (the layout a forward routing ends in seeds a routing of the reversed circuit, whose final layout is the refined
/// start). The routing with the fewest SWAPs wins, ties going to the lower estimated error (every routed gate's
/// calibrated error); the greedy router's own result (<see cref="SwapRouter"/>) competes too, so this never inserts
/// more SWAPs than it. Deterministic: the trials use fixed seeds.
/// </summary>
public static class CircuitRouter
{
    public const int ShuffledTrials = 4;
    private const ulong TrialSeed = 0x5AB8E;

    public static RoutedCircuit Route(Circuit circuit, DeviceModel device)
    {
        var map = device.Coupling;
        if (circuit.QubitCount > map.QubitCount)
        {
            throw new ArgumentException($"Circuit needs {circuit.QubitCount} qubits; the coupling map has {map.QubitCount}.", nameof(circuit));
        }
        var operations = ThreeQubitDecomposition.Expand(circuit.Operations);
        var pairs = TwoQubitPairs(operations).ToArray();
        var greedyLayout = SwapRouter.InitialLayout(circuit.QubitCount, operations, map);
        var starts = new List<int[]> { greedyLayout };
        if (!device.Calibration.IsIdeal)
        {
            var region = CalibratedRegion.Find(map, device.Calibration, device.Timing.TwoQubitGateSeconds, circuit.QubitCount);
            starts.Add(FillRegion(region, circuit.QubitCount, pairs, map));
            var shuffle = new DeterministicRandom(TrialSeed);
            for (var t = 0; t < ShuffledTrials; t++)
            {
                starts.Add(Shuffled(region, shuffle));
            }
        }
        RoutedCircuit best = SwapRouter.Route(circuit, map);
        var bestError = EstimatedError(best, device.Calibration);
        for (var t = 0; t < starts.Count; t++)
        {
            var random = new DeterministicRandom(TrialSeed + (ulong)t + 1);
            var forward = SabreRouter.FinalLayout(pairs, map, starts[t], random);
            var refined = SabreRouter.FinalLayout(pairs.Reverse().ToArray(), map, forward, random);
            var routed = SabreRouter.Route(operations, map, refined, random);
            var error = EstimatedError(routed, device.Calibration);
            if (routed.SwapCount < best.SwapCount || (routed.SwapCount == best.SwapCount && error < bestError))
            {
                best = routed;
                bestError = error;
            }
        }
        return best;
    }

    private static IEnumerable<(int, int)> TwoQubitPairs(IEnumerable<Operation> operations)
    {
        foreach (var op in operations)
        {
            if (op is GateOperation { Qubits.Count: 2 } g)
            {
                yield return (g.Qubits[0], g.Qubits[1]);
            }
            else if (op is ConditionalOperation c)
            {
                foreach (var pair in TwoQubitPairs(c.Then.Concat(c.Else)))
                {
                    yield return pair;
                }
            }
        }
    }

    /// <summary>Places logical qubits on the region in first-touch order: each on the free region qubit nearest its first partner.</summary>
    private static int[] FillRegion(int[] region, int logicalCount, (int A, int B)[] pairs, CouplingMap map)
    {
        var layout = Enumerable.Repeat(-1, logicalCount).ToArray();
        var free = new List<int>(region);
        void Place(int logical, int near)
        {
            var physical = near < 0 ? free[0] : free.MinBy(q => map.Distance(near, q));
            layout[logical] = physical;
            free.Remove(physical);
        }
        foreach (var (a, b) in pairs)
        {
            if (layout[a] < 0)
            {
                Place(a, layout[b]);
            }
            if (layout[b] < 0)
            {
                Place(b, layout[a]);
            }
        }
        for (var l = 0; l < logicalCount; l++)
        {
            if (layout[l] < 0)
            {
                Place(l, -1);
            }
        }
        return layout;
    }

    /// <summary>A random assignment of logical qubits to the region's qubits (Fisher–Yates).</summary>
    private static int[] Shuffled(int[] region, DeterministicRandom random)
    {
        var copy = region.ToArray();
        for (var i = copy.Length - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy;
    }

    /// <summary>First-order error of a routed circuit: the sum of its two-qubit gates' calibrated errors (SWAP = 3 native gates) and readouts.</summary>
    private static double EstimatedError(RoutedCircuit routed, DeviceCalibration calibration)
    {
        if (calibration.IsIdeal)
        {
            return 0;
        }
        var error = 0.0;
        void Add(IEnumerable<Operation> operations)
        {
            foreach (var op in operations)
            {
                switch (op)
                {
                    case GateOperation { Qubits.Count: 2 } g:
                        error += NoiseModel.NativeTwoQubitGateCount(g.Gate) * calibration.TwoQubitError(g.Qubits[0], g.Qubits[1]);
                        break;
                    case GateOperation g:
                        error += calibration.Qubits[g.Qubits[0]].SingleQubitGateError;
                        break;
                    case MeasureOperation m:
                        var q = calibration.Qubits[m.Qubit];
                        error += (q.ReadoutProbOneGivenZero + q.ReadoutProbZeroGivenOne) / 2;
                        break;
                    case ConditionalOperation c:
                        Add(c.Then);
                        Add(c.Else);
                        break;
                }
            }
        }
        Add(routed.Operations);
        return error;
    }
}
