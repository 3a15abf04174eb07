using QBroker.Backends.Execution;
using QBroker.Backends.Stabilizer;
using QBroker.Backends.StateVector;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Tests;

/// <summary>
/// Thermal relaxation on the state vector: T1 decay of an idle excited qubit, Ramsey decay with T2, and the
/// scheduler's idle noise. The device is all-to-all with no gate or readout error, so relaxation is all there is.
/// </summary>
public sealed class RelaxationTests
{
    private const double T1 = 50e-6;
    private const double TwoQubitGate = 12.5e-6;

    private static DeviceModel Device(double t1Microseconds, double t2Microseconds) => new()
    {
        Id = "relaxing",
        Provider = "local",
        Kind = DeviceKind.Gate,
        DisplayName = "relaxing",
        QubitCount = 3,
        MaxShots = 100_000,
        Calibration = DeviceCalibration.Uniform(3, new QubitCalibration(t1Microseconds, t2Microseconds, 0, 0, 0), 0),
        // A one-qubit gate of 1 ns relaxes nothing measurable; the two-qubit gates on the other qubits set the idle time.
        Timing = new TimingModel(1e-9, TwoQubitGate, 1e-6, 0, 0),
    };

    /// <summary>q0 gets <paramref name="prepare"/>, then waits while q1 and q2 run <paramref name="idleGates"/> CX gates; a barrier holds it until they finish.</summary>
    private static CircuitWorkload IdleExperiment(int idleGates, StandardGate[] prepare, StandardGate[] finish) =>
        IdleExperiment(idleGates, prepare, [], 0, finish);

    /// <summary>As above with a second wait: <paramref name="middle"/> after the first wait, then <paramref name="thenIdleGates"/> more CX gates.</summary>
    private static CircuitWorkload IdleExperiment(int idleGates, StandardGate[] prepare, StandardGate[] middle, int thenIdleGates, StandardGate[] finish)
    {
        var f = new CircuitFactory(3, 1);
        void Apply(StandardGate[] gates)
        {
            foreach (var g in gates)
            {
                f.Gate(g, 0);
            }
        }
        void Wait(int gates)
        {
            for (var i = 0; i < gates; i++)
            {
                f.CX(1, 2);
            }
            f.Add(new BarrierOperation([0, 1, 2]));
        }
        Apply(prepare);
        Wait(idleGates);
        if (thenIdleGates > 0)
        {
            Apply(middle);
            Wait(thenIdleGates);
        }
        Apply(finish);
        return new CircuitWorkload(f.Measure(0, 0).Build());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task An_idle_excited_qubit_decays_as_exp_minus_t_over_t1(int idleGates)
    {
        const int shots = 20_000;
        var backend = DeviceBackends.Create(Device(T1 * 1e6, 2 * T1 * 1e6), BackendOptions.Default);
        var result = await backend.ExecuteAsync(IdleExperiment(idleGates, [StandardGate.X], []), shots, 21, default);
        Assert.Equal(StateVectorEngine.PerShotEngineName, result.Engine);
        var ones = result.Counts.GetValueOrDefault("1") / (double)shots;
        // The X ends after 1 ns; the barrier then holds q0 until the CX chain ends at idleGates·12.5 µs.
        var expected = Math.Exp(-idleGates * TwoQubitGate / T1);
        Assert.InRange(ones, expected - Exact.FiveSigma(expected, shots), expected + Exact.FiveSigma(expected, shots));
    }

    [Fact]
    public async Task Identity_gates_are_idle_periods_of_one_gate_time()
    {
        // With 10 µs single-qubit gates, X then four id gates keep the qubit excited for 50 µs = T1: P(1) = 1/e.
        const int shots = 20_000;
        var device = Device(T1 * 1e6, 2 * T1 * 1e6) with { Timing = new TimingModel(10e-6, TwoQubitGate, 1e-6, 0, 0) };
        var f = new CircuitFactory(1).X(0);
        for (var i = 0; i < 4; i++)
        {
            f.Gate(StandardGate.I, 0);
        }
        var result = await DeviceBackends.Create(device, BackendOptions.Default).ExecuteAsync(new CircuitWorkload(f.Measure(0, 0).Build()), shots, 24, default);
        var ones = result.Counts.GetValueOrDefault("1") / (double)shots;
        var expected = Math.Exp(-1);
        Assert.InRange(ones, expected - Exact.FiveSigma(expected, shots), expected + Exact.FiveSigma(expected, shots));
    }

    [Fact]
    public async Task The_twirled_approximation_decays_towards_one_half_instead()
    {
        // The stabilizer engine (and the state vector beyond its exact budget) applies the Pauli twirl, whose bit
        // flips have probability γ/2: P(1) = (1 + e^{−t/T1})/2. Documented behaviour, not hardware's.
        const int shots = 20_000;
        var options = new BackendOptions { MaxExactRelaxationWork = 0 };
        var result = await DeviceBackends.Create(Device(T1 * 1e6, 2 * T1 * 1e6), options)
            .ExecuteAsync(IdleExperiment(4, [StandardGate.X], []), shots, 22, default);
        Assert.Equal(StabilizerEngine.FrameEngineName, result.Engine);
        var ones = result.Counts.GetValueOrDefault("1") / (double)shots;
        var expected = (1 + Math.Exp(-4 * TwoQubitGate / T1)) / 2;
        Assert.InRange(ones, expected - Exact.FiveSigma(expected, shots), expected + Exact.FiveSigma(expected, shots));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Ramsey_and_echo_fringes_decay_with_t2_not_t1(bool exact, bool echo)
    {
        // T2 = 40 µs < 2·T1 = 200 µs: pure dephasing dominates. H, wait t, H gives P(0) = (1 + e^{−t/T2})/2 whatever
        // T1 is, and the twirl keeps coherences exactly, so both forms agree. The Hahn echo (an X halfway, X|+⟩ = |+⟩)
        // gives the same: the modelled dephasing is Markovian, with no slow noise for the echo to refocus.
        const int shots = 20_000;
        const double t2 = 40e-6;
        var options = new BackendOptions { MaxExactRelaxationWork = exact ? 1L << 31 : 0, PreferStabilizer = false };
        var experiment = echo
            ? IdleExperiment(3, [StandardGate.H], [StandardGate.X], thenIdleGates: 3, [StandardGate.H])
            : IdleExperiment(6, [StandardGate.H], [StandardGate.H]);
        var result = await DeviceBackends.Create(Device(100, t2 * 1e6), options).ExecuteAsync(experiment, shots, 23, default);
        Assert.Equal(exact ? StateVectorEngine.PerShotEngineName : StateVectorEngine.TwirledPerShotEngineName, result.Engine);
        var zeros = result.Counts.GetValueOrDefault("0") / (double)shots;
        var expected = (1 + Math.Exp(-6 * TwoQubitGate / t2)) / 2;
        // Five binomial standard deviations, plus 1e-4 for the relaxation during the 1 ns gates.
        var tolerance = Exact.FiveSigma(expected, shots) + 1e-4;
        Assert.InRange(zeros, expected - tolerance, expected + tolerance);
        Assert.True(expected < 0.7, "the experiment must show decay");
    }

    [Fact]
    public void Idle_relaxation_is_inserted_only_for_excited_qubits_that_wait()
    {
        var device = Device(T1 * 1e6, 2 * T1 * 1e6);
        var program = CircuitPreparer.Prepare(IdleExperiment(4, [StandardGate.X], []).Circuit, device).Program;
        var relaxations = program.Steps.OfType<RelaxationStep>().ToArray();
        // q0: after the X (1 ns) and before the measurement (the wait up to 50 µs); q1 and q2 after each CX.
        var q0 = relaxations.Where(r => r.Qubit == 0).Select(r => r.DampingProbability).ToArray();
        Assert.Equal(2, q0.Length);
        Assert.Equal(-double.ExpM1(-1e-9 / T1), q0[0], 15);
        Assert.Equal(-double.ExpM1(-(4 * TwoQubitGate - 1e-9) / T1), q0[1], 12);
        Assert.Equal(8, relaxations.Count(r => r.Qubit != 0));
        // Without the X, q0 stays in |0⟩ and its wait costs nothing.
        var ground = CircuitPreparer.Prepare(IdleExperiment(4, [], []).Circuit, device).Program;
        Assert.DoesNotContain(ground.Steps.OfType<RelaxationStep>(), r => r.Qubit == 0);
    }

    [Fact]
    public void Both_branches_of_a_conditional_last_as_long_as_the_longer_one()
    {
        // q1 is excited; the then-branch runs two CX on q1, q2 (25 µs); the else-branch is empty, so there q1 idles
        // for the same 25 µs and relaxes accordingly.
        var circuit = new CircuitFactory(3, 1).X(1).Measure(0, 0)
            .If(0, 1, 0, new GateOperation(StandardGate.CX, [1, 2], []), new GateOperation(StandardGate.CX, [1, 2], []))
            .Build();
        var program = CircuitPreparer.Prepare(circuit, Device(T1 * 1e6, 2 * T1 * 1e6)).Program;
        var conditional = program.Steps.OfType<ConditionalStep>().Single();
        var idle = Assert.Single(conditional.Else.Cast<RelaxationStep>());
        Assert.Equal(1, idle.Qubit);
        Assert.Equal(-double.ExpM1(-2 * TwoQubitGate / T1), idle.DampingProbability, 12);
        Assert.Equal(2, conditional.Then.OfType<GateStep>().Count());
    }

    [Fact]
    public void The_relaxation_channel_matches_t1_and_t2_and_its_twirl_keeps_the_average()
    {
        var qubit = new QubitCalibration(T1Microseconds: 100, T2Microseconds: 50, 0, 0, 0);
        var step = NoiseModel.Relaxation(qubit, 0, 10e-6)!;
        Assert.Equal(1 - Math.Exp(-0.1), step.DampingProbability, 12);
        // Coherence: √(1 − γ)·(1 − 2·p_φ) must equal e^{−t/T2}.
        Assert.Equal(Math.Exp(-0.2), Math.Sqrt(1 - step.DampingProbability) * (1 - 2 * step.DephasingProbability), 12);
        var twirled = step.Twirled();
        Assert.Equal(step.DampingProbability / 4, twirled.ProbabilityX, 12);
        Assert.Null(NoiseModel.Relaxation(qubit, 0, 0));
    }
}
