using QBroker.Backends.Execution;
using QBroker.Backends.Stabilizer;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Tests;

public sealed class StabilizerEngineTests
{
    public static TheoryData<StandardGate, double[]> CliffordGates()
    {
        var data = new TheoryData<StandardGate, double[]>();
        foreach (var g in new[] { StandardGate.I, StandardGate.X, StandardGate.Y, StandardGate.Z, StandardGate.H, StandardGate.S, StandardGate.Sdg, StandardGate.SX, StandardGate.SXdg, StandardGate.CX, StandardGate.CY, StandardGate.CZ, StandardGate.Swap })
        {
            data.Add(g, []);
        }
        for (var k = -1; k <= 4; k++)
        {
            var quarter = k * Math.PI / 2;
            foreach (var g in new[] { StandardGate.RX, StandardGate.RY, StandardGate.RZ, StandardGate.P, StandardGate.RXX, StandardGate.RYY, StandardGate.RZZ })
            {
                data.Add(g, [quarter]);
            }
            data.Add(StandardGate.U, [quarter, Math.PI / 2 * (k + 1), Math.PI * k]);
            data.Add(StandardGate.U2, [quarter, Math.PI / 2]);
            foreach (var g in new[] { StandardGate.CP, StandardGate.CRZ, StandardGate.CRX, StandardGate.CRY })
            {
                data.Add(g, [k * Math.PI]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CliffordGates))]
    public void Clifford_decomposition_equals_the_gate_up_to_global_phase(StandardGate gate, double[] parameters)
    {
        var qubits = StandardGateInfo.QubitCount(gate) == 1 ? new[] { 1 } : [2, 0];
        var ops = CliffordDecomposer.TryDecompose(gate, qubits, parameters);
        Assert.NotNull(ops);
        var prefix = CircuitFactory.Random(3, 10, seed: 2, includeThreeQubit: false);
        var direct = CircuitFactory.Random(3, 10, seed: 2, includeThreeQubit: false).Gate(gate, parameters, qubits);
        foreach (var op in ops)
        {
            prefix.Gate(ToStandard(op.Gate), [], op.B < 0 ? [op.A] : [op.A, op.B]);
        }
        Exact.AssertSameUpToPhase(Exact.State(direct.Build()), Exact.State(prefix.Build()));
    }

    [Theory]
    [InlineData(StandardGate.T, new double[0])]
    [InlineData(StandardGate.RZ, new[] { 0.3 })]
    [InlineData(StandardGate.CP, new[] { Math.PI / 2 })]
    [InlineData(StandardGate.CRZ, new[] { Math.PI / 2 })]
    [InlineData(StandardGate.CCX, new double[0])]
    [InlineData(StandardGate.CH, new double[0])]
    public void Non_clifford_gates_are_recognised(StandardGate gate, double[] parameters)
    {
        var qubits = Enumerable.Range(0, StandardGateInfo.QubitCount(gate)).ToArray();
        Assert.Null(CliffordDecomposer.TryDecompose(gate, qubits, parameters));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_clifford_circuits_sample_the_exact_distribution(int seed)
    {
        const int shots = 4000;
        var circuit = RandomClifford(5, 40, seed).MeasureAll().Build();
        var program = CircuitPreparer.Prepare(circuit, StateVectorEngineTests.Local()).Program;
        var counts = new StabilizerEngine().Run(program, shots, new DeterministicRandom((ulong)seed), default);
        ExactDistribution.AssertSampledFrom(ExactDistribution.Of(program), counts);
    }

    [Fact]
    public async Task Ghz_on_all_65_qubits_of_the_ibm_device_runs_on_the_stabilizer_engine()
    {
        var ibm = DeviceCatalogue.CreateDefault().Single(d => d.Id == "ibm-brooklyn");
        var ghz = Ghz(65);
        var ideal = DeviceBackends.Create(ibm with { Calibration = DeviceCalibration.Ideal }, BackendOptions.Default);
        var result = await ideal.ExecuteAsync(ghz, 2000, 5, default);
        Assert.Equal(StabilizerEngine.FrameEngineName, result.Engine);
        Assert.Equal(2, result.Counts.Count);
        var zeros = result.Counts[new string('0', 65)];
        Assert.Equal(2000, zeros + result.Counts[new string('1', 65)]);
        Assert.InRange(zeros / 2000.0, 0.5 - Exact.FiveSigma(0.5, 2000), 0.5 + Exact.FiveSigma(0.5, 2000));

        // With the device's noise the two ideal outcomes still dominate, but not every shot is perfect.
        var noisy = await DeviceBackends.Create(ibm, BackendOptions.Default).ExecuteAsync(ghz, 2000, 5, default);
        var good = noisy.Counts.GetValueOrDefault(new string('0', 65)) + noisy.Counts.GetValueOrDefault(new string('1', 65));
        Assert.InRange(good, 1, 1999);
        Assert.True(noisy.Counts.Count > 2);
    }

    [Fact]
    public async Task Ghz_on_a_thousand_qubits_gives_all_zeros_or_all_ones()
    {
        var device = StateVectorEngineTests.Local() with { QubitCount = 1000 };
        var result = await DeviceBackends.Create(device, BackendOptions.Default).ExecuteAsync(Ghz(1000), 1000, 9, default);
        Assert.Equal(2, result.Counts.Count);
        var zeros = result.Counts[new string('0', 1000)];
        Assert.InRange(zeros / 1000.0, 0.5 - Exact.FiveSigma(0.5, 1000), 0.5 + Exact.FiveSigma(0.5, 1000));
    }

    [Fact]
    public async Task Conditional_clifford_circuits_run_a_tableau_per_shot()
    {
        // Measure a |+⟩ qubit, then copy the outcome onto q1 with a conditional X: both bits always agree.
        var circuit = new CircuitFactory(2).H(0).Measure(0, 0).If(0, 1, 1, new GateOperation(StandardGate.X, [1], [])).Measure(1, 1).Build();
        var result = await DeviceBackends.Create(StateVectorEngineTests.Local(), BackendOptions.Default).ExecuteAsync(new CircuitWorkload(circuit), 1000, 3, default);
        Assert.Equal(StabilizerEngine.PerShotEngineName, result.Engine);
        Assert.Equal(["00", "11"], result.Counts.Keys.Order());
        Assert.InRange(result.Counts["11"] / 1000.0, 0.5 - Exact.FiveSigma(0.5, 1000), 0.5 + Exact.FiveSigma(0.5, 1000));
    }

    [Fact]
    public async Task Mid_circuit_measurement_and_reset_in_pauli_frames_match_the_state_vector()
    {
        // H, measure, reset, H, measure: two independent fair coins. CX after a measurement copies the collapsed value.
        const int shots = 4000;
        var circuit = new CircuitFactory(2, 3).H(0).Measure(0, 0).CX(0, 1).Reset(0).H(0).Measure(0, 1).Measure(1, 2).Build();
        var stabilizer = await DeviceBackends.Create(StateVectorEngineTests.Local(), BackendOptions.Default)
            .ExecuteAsync(new CircuitWorkload(circuit), shots, 4, default);
        Assert.Equal(StabilizerEngine.FrameEngineName, stabilizer.Engine);
        var exact = new Dictionary<string, double> { ["000"] = 0.25, ["010"] = 0.25, ["101"] = 0.25, ["111"] = 0.25 };
        ExactDistribution.AssertSampledFrom(exact, stabilizer.Counts);
    }

    private static CircuitWorkload Ghz(int n)
    {
        var f = new CircuitFactory(n).H(0);
        for (var q = 0; q + 1 < n; q++)
        {
            f.CX(q, q + 1);
        }
        return new CircuitWorkload(f.MeasureAll().Build());
    }

    private static CircuitFactory RandomClifford(int qubits, int gates, int seed)
    {
        var random = new Random(seed);
        var f = new CircuitFactory(qubits);
        StandardGate[] oneQubit = [StandardGate.H, StandardGate.S, StandardGate.Sdg, StandardGate.X, StandardGate.Y, StandardGate.Z, StandardGate.SX];
        for (var i = 0; i < gates; i++)
        {
            var a = random.Next(qubits);
            var b = (a + 1 + random.Next(qubits - 1)) % qubits;
            switch (random.Next(4))
            {
                case 0:
                    f.Gate(new[] { StandardGate.CX, StandardGate.CZ, StandardGate.CY, StandardGate.Swap }[random.Next(4)], a, b);
                    break;
                case 1:
                    f.Gate(StandardGate.RZZ, [Math.PI / 2 * random.Next(4)], a, b);
                    break;
                default:
                    f.Gate(oneQubit[random.Next(oneQubit.Length)], a);
                    break;
            }
        }
        return f;
    }

    private static StandardGate ToStandard(CliffordGate gate) => gate switch
    {
        CliffordGate.H => StandardGate.H,
        CliffordGate.S => StandardGate.S,
        CliffordGate.Sdg => StandardGate.Sdg,
        CliffordGate.X => StandardGate.X,
        CliffordGate.Y => StandardGate.Y,
        CliffordGate.Z => StandardGate.Z,
        CliffordGate.CX => StandardGate.CX,
        CliffordGate.CZ => StandardGate.CZ,
        _ => StandardGate.Swap,
    };
}
