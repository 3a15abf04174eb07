namespace QBroker.Backends.Tests;

public sealed class CalibrationSnapshotTests
{
    private static readonly CalibrationMedians Medians = new(63, 82, 3.8e-4, 1.6e-2, 3.2e-2, 1.2e-2, 430e-9);

    private static DeviceModel Get(string id) => DeviceCatalogue.CreateDefault().Single(d => d.Id == id);

    [Fact]
    public void The_same_seed_gives_the_same_snapshot_and_devices_differ()
    {
        var first = Get("ibm-brooklyn").Calibration;
        var second = Get("ibm-brooklyn").Calibration;
        Assert.Equal(first.Qubits, second.Qubits);
        Assert.Equal(first.Edges, second.Edges);
        Assert.NotEqual(
            CalibrationSnapshot.SeedFor(DeviceCatalogue.IbmBrooklyn), CalibrationSnapshot.SeedFor(DeviceCatalogue.RigettiAnkaa3));
        Assert.NotEqual(first.Qubits[0], first.Qubits[1]);
    }

    [Theory]
    [InlineData("ibm-brooklyn")]
    [InlineData("rigetti-ankaa-3")]
    [InlineData("ionq-harmony")]
    public void Every_qubit_and_coupler_is_calibrated_within_physical_bounds(string id)
    {
        var device = Get(id);
        var calibration = device.Calibration;
        Assert.Equal(device.QubitCount, calibration.Qubits.Count);
        Assert.All(calibration.Qubits, q =>
        {
            Assert.True(q.T2Microseconds <= 2 * q.T1Microseconds, $"T2 {q.T2Microseconds} > 2·T1 {q.T1Microseconds}");
            Assert.InRange(q.SingleQubitGateError, 1e-6, 0.75);
            Assert.InRange(q.ReadoutProbOneGivenZero, 1e-5, 0.5);
            Assert.InRange(q.ReadoutProbZeroGivenOne, 1e-5, 0.5);
        });
        var expectedEdges = device.Coupling.IsAllToAll ? device.QubitCount * (device.QubitCount - 1) / 2 : device.Coupling.EdgeCount;
        Assert.Equal(expectedEdges, calibration.Edges.Count);
        Assert.All(calibration.Edges, e =>
        {
            Assert.Same(e, calibration.Edge(e.B, e.A));
            Assert.InRange(e.GateError, 1e-5, 0.75);
            Assert.True(e.DurationSeconds > 0);
        });
        var sorted = calibration.Edges.Select(e => e.GateError).Order().ToArray();
        var mid = sorted.Length / 2;
        Assert.Equal(sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, calibration.TwoQubitGateError);
        Assert.StartsWith("generated snapshot", calibration.Source);
    }

    [Fact]
    public void Brooklyn_has_a_few_bad_qubits_and_couplers_like_a_real_snapshot()
    {
        var calibration = Get("ibm-brooklyn").Calibration;
        // Readout three times the median or worse (the bad-readout mode) and T2 a quarter of the median or worse
        // (the dephased mode) occur on some qubits, but on a minority.
        var badReadout = calibration.Qubits.Count(q => q.ReadoutProbZeroGivenOne > 3 * Medians.ReadoutProbZeroGivenOne);
        var dephased = calibration.Qubits.Count(q => q.T2Microseconds < Medians.T2Microseconds / 4);
        Assert.InRange(badReadout, 1, 15);
        Assert.InRange(dephased, 1, 20);
        var worst = calibration.Edges.Max(e => e.GateError);
        Assert.True(worst > 2 * calibration.TwoQubitGateError, $"worst coupler {worst} vs median {calibration.TwoQubitGateError}");
    }

    [Fact]
    public void Figures_are_log_normal_around_the_medians_with_the_configured_spread()
    {
        // No defect modes here, so ln(value) is exactly normal with mean ln(median) and standard deviation σ.
        const int n = 4000;
        var spread = new CalibrationSpread { CoherenceSigma = 0.3, GateErrorSigma = 0.45, ReadoutSigma = 0.4, DurationSigma = 0.35 };
        var calibration = CalibrationSnapshot.Generate(n, [], Medians with { T2Microseconds = 40 }, spread, seed: 7);
        var logT1 = calibration.Qubits.Select(q => Math.Log(q.T1Microseconds)).ToArray();
        var logError = calibration.Qubits.Select(q => Math.Log(q.SingleQubitGateError)).ToArray();
        // Standard error of a sample mean is σ/√n and of a sample standard deviation σ/√(2n): five of each.
        AssertNormal(logT1, Math.Log(63), 0.3, n);
        AssertNormal(logError, Math.Log(3.8e-4), 0.45, n);
    }

    [Fact]
    public void Defect_modes_occur_at_their_configured_rates()
    {
        const int n = 4000;
        var calibration = CalibrationSnapshot.Generate(n, [], Medians, CalibrationSpread.Superconducting, seed: 8);
        // A T1 below a fifth of the median is the defect mode: the log-normal tail alone reaches it with
        // probability Φ(ln 0.2 / 0.3) ≈ 4e-8. Five binomial standard deviations.
        var defects = calibration.Qubits.Count(q => q.T1Microseconds < Medians.T1Microseconds / 5) / (double)n;
        var p = CalibrationSpread.Superconducting.DefectQubitFraction;
        Assert.InRange(defects, p - Exact.FiveSigma(p, n), p + Exact.FiveSigma(p, n));
    }

    private static void AssertNormal(double[] values, double mean, double sigma, int n)
    {
        var sampleMean = values.Average();
        var sampleSigma = Math.Sqrt(values.Sum(v => (v - sampleMean) * (v - sampleMean)) / (n - 1));
        Assert.InRange(sampleMean, mean - 5 * sigma / Math.Sqrt(n), mean + 5 * sigma / Math.Sqrt(n));
        Assert.InRange(sampleSigma, sigma - 5 * sigma / Math.Sqrt(2 * n), sigma + 5 * sigma / Math.Sqrt(2 * n));
    }
}
