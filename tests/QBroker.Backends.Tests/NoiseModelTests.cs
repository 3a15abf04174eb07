using QBroker.Backends.Execution;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Tests;

public sealed class NoiseModelTests
{
    private static readonly DeviceModel Ibm = DeviceCatalogue.CreateDefault().Single(d => d.Id == "ibm-brooklyn");
    private static readonly CircuitWorkload Bell = new(new CircuitFactory(2).H(0).CX(0, 1).MeasureAll().Build());

    [Fact]
    public void Depolarizing_parameter_follows_aer_without_relaxation()
    {
        // With no relaxation (F = 1) Aer's formula reduces to λ = d·e/(d − 1): 2e for one qubit, 4e/3 for two.
        Assert.Equal(0.02, NoiseModel.DepolarizingParameter(0.01, 1, 1.0), 12);
        Assert.Equal(0.04 / 3, NoiseModel.DepolarizingParameter(0.01, 2, 1.0), 12);
        // When relaxation alone already explains the error, no depolarising term is added.
        Assert.Equal(0, NoiseModel.DepolarizingParameter(0.001, 1, 0.99));
        // The parameter is clamped to 4^n/(4^n − 1) for errors at or beyond complete depolarisation.
        Assert.Equal(4.0 / 3, NoiseModel.DepolarizingParameter(0.9, 1, 1.0), 12);
    }

    [Fact]
    public void Twirled_relaxation_matches_t1_and_t2_decay()
    {
        var qubit = new QubitCalibration(T1Microseconds: 100, T2Microseconds: 50, 0, 0, 0);
        var (x, y, z) = Twirl(qubit, 10e-6);
        Assert.Equal((1 - Math.Exp(-0.1)) / 4, x, 12);
        Assert.Equal(x, y);
        Assert.Equal((1 - Math.Exp(-0.2)) / 2 - x, z, 12);
        // T2 is capped at 2·T1, so a calibration claiming more gives no negative dephasing.
        var (_, _, capped) = Twirl(new QubitCalibration(10, 1000, 0, 0, 0), 1e-6);
        Assert.True(capped >= 0);

        static (double X, double Y, double Z) Twirl(QubitCalibration qubit, double seconds)
        {
            var twirled = NoiseModel.Relaxation(qubit, 0, seconds)!.Twirled();
            return (twirled.ProbabilityX, twirled.ProbabilityY, twirled.ProbabilityZ);
        }
    }

    [Fact]
    public void Noise_steps_follow_each_gate_only_on_noisy_devices()
    {
        var noisy = CircuitPreparer.Prepare(Bell.Circuit, Ibm).Program;
        Assert.True(noisy.IsNoisy);
        // After the CX: relaxation on both qubits for the coupler's duration, then the depolarising rest of the
        // coupler's calibrated error (none when relaxation alone explains it, as in Aer).
        var physical = CircuitPreparer.Prepare(Bell.Circuit, Ibm).PhysicalQubits;
        var afterCx = noisy.Steps.SkipWhile(s => s is not GateStep { Gate: StandardGate.CX }).Skip(1).TakeWhile(s => s is not MeasureStep).ToArray();
        var relaxed = afterCx.OfType<RelaxationStep>().Aggregate(1.0, (f, r) => f * r.ProcessFidelity);
        var expectedLambda = NoiseModel.DepolarizingParameter(Ibm.Calibration.Edge(physical[0], physical[1])!.GateError, 2, relaxed);
        Assert.Equal(expectedLambda, afterCx.OfType<DepolarizingStep>().SingleOrDefault()?.Lambda ?? 0, 12);
        // The H's qubit relaxes after the H and after the CX; the target only after the CX (waiting in |0⟩ costs nothing).
        Assert.Equal([1, 2], noisy.Steps.OfType<RelaxationStep>().CountBy(r => r.Qubit).Select(c => c.Value).Order());
        Assert.All(noisy.Steps.OfType<MeasureStep>(), m => Assert.Equal(
            (Ibm.Calibration.Qubits[physical[m.Qubit]].ReadoutProbOneGivenZero, Ibm.Calibration.Qubits[physical[m.Qubit]].ReadoutProbZeroGivenOne),
            (m.ProbOneGivenZero, m.ProbZeroGivenOne)));
        var ideal = CircuitPreparer.Prepare(Bell.Circuit, StateVectorEngineTests.Local()).Program;
        Assert.False(ideal.IsNoisy);
        Assert.Equal(4, ideal.Steps.Count);
    }

    [Fact]
    public void A_reset_of_an_untouched_qubit_lowers_to_no_step_but_still_takes_its_time()
    {
        var atStart = CircuitPreparer.Prepare(new CircuitFactory(2).Reset(0).H(0).CX(0, 1).MeasureAll().Build(), Ibm);
        var afterGate = CircuitPreparer.Prepare(new CircuitFactory(2).H(0).Reset(0).H(0).CX(0, 1).MeasureAll().Build(), Ibm);

        Assert.DoesNotContain(ExecutionProgram.Flatten(atStart.Program.Steps), step => step is ResetStep);
        Assert.True(atStart.Program.MeasurementsAreTerminal);
        Assert.Contains(ExecutionProgram.Flatten(afterGate.Program.Steps), step => step is ResetStep);
        Assert.False(afterGate.Program.MeasurementsAreTerminal);
        // The H waits for the reset (one readout time), the CX for the H; the measurements start when the CX ends.
        var physical = atStart.PhysicalQubits;
        var expected = Ibm.Timing.ReadoutSeconds + Ibm.Timing.SingleQubitGateSeconds + Ibm.Calibration.Edge(physical[0], physical[1])!.DurationSeconds;
        Assert.Equal(expected, atStart.DurationSeconds, 1e-12);
    }

    [Fact]
    public async Task Bell_pairs_on_the_ideal_simulator_never_disagree()
    {
        var result = await DeviceBackends.Create(StateVectorEngineTests.Local(), BackendOptions.Default).ExecuteAsync(Bell, 10_000, 1, default);
        Assert.Equal(["00", "11"], result.Counts.Keys.Order());
    }

    [Theory]
    [InlineData(true, 0L, "stabilizer")]
    [InlineData(true, 1L << 31, "statevector-per-shot")]
    [InlineData(false, 0L, "statevector-per-shot-twirled")]
    public async Task Bell_pairs_on_the_ibm_device_disagree_at_the_rate_its_calibration_predicts(bool stabilizer, long exactBudget, string engine)
    {
        const int shots = 8192;
        var options = new BackendOptions { PreferStabilizer = stabilizer, MaxExactRelaxationWork = exactBudget };
        var backend = DeviceBackends.Create(Ibm, options);
        var result = await backend.ExecuteAsync(Bell, shots, 11, default);
        Assert.Equal(engine, result.Engine);
        var odd = (result.Counts.GetValueOrDefault("01") + result.Counts.GetValueOrDefault("10")) / (double)shots;

        // Readout alone: from 00, one of the two bits flips with p(1|0); from 11, with p(0|1); each half the time.
        var physical = CircuitPreparer.Prepare(Bell.Circuit, Ibm).PhysicalQubits;
        var (a, b) = (Ibm.Calibration.Qubits[physical[0]], Ibm.Calibration.Qubits[physical[1]]);
        var readoutOdd = 0.5 * (Flip(a.ReadoutProbOneGivenZero, b.ReadoutProbOneGivenZero) + Flip(a.ReadoutProbZeroGivenOne, b.ReadoutProbZeroGivenOne));
        static double Flip(double p, double q) => p * (1 - q) + q * (1 - p);
        // Gate errors can only add to that, by at most the total probability of any gate error (H, then CX on
        // both qubits, with relaxation during the CX), and cancel it by at most the same amount.
        var edge = Ibm.Calibration.Edge(physical[0], physical[1])!;
        var gateErrors = a.SingleQubitGateError + edge.GateError
            + 2 * (1 - Math.Exp(-edge.DurationSeconds / (Math.Min(a.T1Microseconds, b.T1Microseconds) * 1e-6)));
        Assert.InRange(odd, readoutOdd - gateErrors - Exact.FiveSigma(readoutOdd, shots), readoutOdd + gateErrors + Exact.FiveSigma(readoutOdd, shots));
        Assert.InRange(odd, 0.03, 0.08);
    }

    [Fact]
    public async Task Readout_error_is_asymmetric()
    {
        const int shots = 20_000;
        var device = Ibm with
        {
            MaxShots = shots,
            Calibration = DeviceCalibration.Uniform(65, new QubitCalibration(1e12, 1e12, 0, 0.01, 0.08), 0),
        };
        var backend = DeviceBackends.Create(device, BackendOptions.Default);
        var zero = await backend.ExecuteAsync(new CircuitWorkload(new CircuitFactory(1).Measure(0, 0).Build()), shots, 2, default);
        var one = await backend.ExecuteAsync(new CircuitWorkload(new CircuitFactory(1).X(0).Measure(0, 0).Build()), shots, 3, default);
        var p10 = zero.Counts.GetValueOrDefault("1") / (double)shots;
        var p01 = one.Counts.GetValueOrDefault("0") / (double)shots;
        Assert.InRange(p10, 0.01 - Exact.FiveSigma(0.01, shots), 0.01 + Exact.FiveSigma(0.01, shots));
        Assert.InRange(p01, 0.08 - Exact.FiveSigma(0.08, shots), 0.08 + Exact.FiveSigma(0.08, shots));
    }

    [Fact]
    public async Task Depolarizing_noise_in_state_vector_trajectories_matches_pauli_frames()
    {
        // A non-Clifford circuit forces trajectories; the same circuit with a Clifford angle goes to Pauli frames.
        // Both see only gate noise here (no readout error), so their error rates must agree.
        const int shots = 6000;
        // Infinite T1 and T2: no relaxation, so the Clifford version stays on the stabilizer engine.
        var device = Ibm with { Calibration = DeviceCalibration.Uniform(65, new QubitCalibration(double.PositiveInfinity, double.PositiveInfinity, 0.02, 0, 0), 0.05) };
        static CircuitWorkload Circuit(double angle) => new(new CircuitFactory(2)
            .Gate(StandardGate.RZ, [angle], 1).CX(0, 1).CX(0, 1).CX(0, 1).MeasureAll().Build());
        var frames = await DeviceBackends.Create(device, BackendOptions.Default).ExecuteAsync(Circuit(Math.PI / 2), shots, 5, default);
        var trajectories = await DeviceBackends.Create(device, BackendOptions.Default).ExecuteAsync(Circuit(0.7), shots, 6, default);
        Assert.Equal("stabilizer", frames.Engine);
        Assert.Equal("statevector-per-shot", trajectories.Engine);
        var a = 1 - frames.Counts.GetValueOrDefault("00") / (double)shots;
        var b = 1 - trajectories.Counts.GetValueOrDefault("00") / (double)shots;
        // Difference of two independent proportions: five standard deviations of the difference.
        var sigma = Math.Sqrt(2 * a * (1 - a) / shots);
        Assert.InRange(b - a, -5 * sigma, 5 * sigma);
        Assert.InRange(a, 0.03, 0.2);
    }
}
