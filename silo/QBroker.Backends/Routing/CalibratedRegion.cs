namespace QBroker.Backends.Routing;

/// <summary>
/// The best-calibrated connected set of physical qubits of a given size, where a circuit's initial layout starts.
/// A qubit costs its mean readout error, its single-qubit gate error and its decoherence over a reference time
/// (ten median two-qubit gates: t/T1 + t/T2, the first-order loss of a qubit kept busy that long); joining it
/// costs the error of the best coupler to the region. Regions grow greedily (cheapest next qubit) from every seed
/// qubit, and the cheapest region wins. A greedy growth is not the optimum, but it steers circuits away from
/// defective qubits and couplers, as noise-aware layout passes do (Murali et al., "Noise-adaptive compiler mappings
/// for noisy intermediate-scale quantum computers", ASPLOS 2019).
/// </summary>
public static class CalibratedRegion
{
    /// <summary>Physical qubits of the best region, in the order they joined it (seed first).</summary>
    public static int[] Find(CouplingMap map, DeviceCalibration calibration, double twoQubitGateSeconds, int size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, map.QubitCount);
        if (size == 0)
        {
            return [];
        }
        var qubitCost = QubitCosts(map, calibration, twoQubitGateSeconds);
        int[]? best = null;
        var bestCost = double.MaxValue;
        for (var seed = 0; seed < map.QubitCount; seed++)
        {
            var (region, cost) = Grow(seed, size, map, calibration, qubitCost);
            if (region is not null && cost < bestCost)
            {
                best = region;
                bestCost = cost;
            }
        }
        return best ?? throw new ArgumentException($"No connected region of {size} qubits.", nameof(size));
    }

    private static double[] QubitCosts(CouplingMap map, DeviceCalibration calibration, double twoQubitGateSeconds)
    {
        var reference = 10 * twoQubitGateSeconds * 1e6;
        var costs = new double[map.QubitCount];
        for (var q = 0; q < costs.Length && !calibration.IsIdeal; q++)
        {
            var c = calibration.Qubits[q];
            costs[q] = (c.ReadoutProbOneGivenZero + c.ReadoutProbZeroGivenOne) / 2 + c.SingleQubitGateError
                + reference / c.T1Microseconds + reference / c.T2Microseconds;
        }
        return costs;
    }

    private static (int[]? Region, double Cost) Grow(int seed, int size, CouplingMap map, DeviceCalibration calibration, double[] qubitCost)
    {
        var region = new List<int> { seed };
        var inRegion = new bool[map.QubitCount];
        inRegion[seed] = true;
        var cost = qubitCost[seed];
        // Cheapest known way to join each outside qubit: its own cost plus its best coupler into the region.
        var joinCost = new double[map.QubitCount];
        Array.Fill(joinCost, double.MaxValue);
        void Offer(int from)
        {
            foreach (var n in map.Neighbours(from))
            {
                if (!inRegion[n])
                {
                    joinCost[n] = Math.Min(joinCost[n], qubitCost[n] + calibration.TwoQubitError(from, n));
                }
            }
        }
        Offer(seed);
        while (region.Count < size)
        {
            var next = -1;
            for (var q = 0; q < map.QubitCount; q++)
            {
                if (!inRegion[q] && joinCost[q] < double.MaxValue && (next < 0 || joinCost[q] < joinCost[next]))
                {
                    next = q;
                }
            }
            if (next < 0)
            {
                return (null, double.MaxValue);
            }
            cost += joinCost[next];
            region.Add(next);
            inRegion[next] = true;
            Offer(next);
        }
        return (region.ToArray(), cost);
    }
}
