using QBroker.Backends.Execution;

namespace QBroker.Backends;

/// <summary>
/// Draws a per-qubit and per-edge calibration around published medians, deterministically from a seed, so a
/// simulated device looks like a real calibration snapshot (uneven qubits, a few bad ones) and looks the same on every
/// start. Each figure is median · e^{σ·Z} with Z standard normal (Box–Muller), then the defect modes of the
/// <see cref="CalibrationSpread"/> apply. Errors are capped at 0.5 (readout) and 0.75 (gates, complete
/// depolarisation of one qubit), and T2 at 2·T1, the physical bound.
/// </summary>
public static class CalibrationSnapshot
{
    public static DeviceCalibration Generate(
        int qubitCount, IEnumerable<(int A, int B)> edges, CalibrationMedians medians, CalibrationSpread spread, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var qubits = new QubitCalibration[qubitCount];
        for (var q = 0; q < qubitCount; q++)
        {
            var t1 = LogNormal(medians.T1Microseconds, spread.CoherenceSigma, random);
            var t2 = LogNormal(medians.T2Microseconds, spread.CoherenceSigma, random);
            var singleError = LogNormal(medians.SingleQubitGateError, spread.GateErrorSigma, random);
            var oneGivenZero = LogNormal(medians.ReadoutProbOneGivenZero, spread.ReadoutSigma, random);
            var zeroGivenOne = LogNormal(medians.ReadoutProbZeroGivenOne, spread.ReadoutSigma, random);
            if (random.NextDouble() < spread.DefectQubitFraction)
            {
                t1 /= spread.DefectT1Divisor;
                singleError *= spread.DefectGateErrorFactor;
            }
            if (random.NextDouble() < spread.DephasedQubitFraction)
            {
                t2 /= spread.DephasedT2Divisor;
            }
            if (random.NextDouble() < spread.BadReadoutFraction)
            {
                oneGivenZero *= spread.BadReadoutFactor;
                zeroGivenOne *= spread.BadReadoutFactor;
            }
            qubits[q] = new QubitCalibration(
                t1, Math.Min(t2, 2 * t1), Math.Min(singleError, 0.75), Math.Min(oneGivenZero, 0.5), Math.Min(zeroGivenOne, 0.5));
        }
        var edgeList = new List<EdgeCalibration>();
        foreach (var (a, b) in edges)
        {
            var error = LogNormal(medians.TwoQubitGateError, spread.GateErrorSigma, random);
            if (random.NextDouble() < spread.BadEdgeFraction)
            {
                error *= spread.BadEdgeFactor;
            }
            var seconds = LogNormal(medians.TwoQubitGateSeconds, spread.DurationSigma, random);
            edgeList.Add(new EdgeCalibration(a, b, Math.Min(error, 0.75), seconds));
        }
        return new DeviceCalibration
        {
            Qubits = qubits,
            Edges = edgeList,
            TwoQubitGateError = edgeList.Count == 0 ? medians.TwoQubitGateError : Median(edgeList.Select(e => e.GateError)),
            Source = $"generated snapshot around published medians (seed 0x{seed:x16})",
        };
    }

    /// <summary>A fixed seed per device id (64-bit FNV-1a of the id), so each device has its own stable snapshot.</summary>
    public static ulong SeedFor(string deviceId)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var c in deviceId)
        {
            hash = (hash ^ c) * 0x100000001b3UL;
        }
        return hash;
    }

    /// <summary>Every unordered pair of qubits, the couplers of an all-to-all device.</summary>
    public static IEnumerable<(int A, int B)> AllPairs(int qubitCount) =>
        from a in Enumerable.Range(0, qubitCount)
        from b in Enumerable.Range(a + 1, qubitCount - a - 1)
        select (a, b);

    private static double LogNormal(double median, double sigma, DeterministicRandom random) =>
        median * Math.Exp(sigma * StandardNormal(random));

    /// <summary>Box–Muller transform of two uniforms; 1 − u keeps the logarithm's argument in (0, 1].</summary>
    private static double StandardNormal(DeterministicRandom random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
