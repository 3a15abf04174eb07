using System.Numerics;
using QBroker.Backends.Execution;
using QBroker.Backends.StateVector;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Tests;

public sealed class StateVectorEngineTests
{
    [Fact]
    public void Ghz_state_has_two_equal_amplitudes()
    {
        var circuit = new CircuitFactory(5).H(0).CX(0, 1).CX(1, 2).CX(2, 3).CX(3, 4).Build();
        var state = Exact.State(circuit, maxFusedQubits: 4);
        for (var i = 0; i < state.Length; i++)
        {
            Exact.AssertClose(i is 0 or 31 ? Math.Sqrt(0.5) : 0, state[i]);
        }
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(5, 19)]
    public void Qft_of_a_basis_state_has_the_fourier_phases(int n, int input)
    {
        var factory = new CircuitFactory(n);
        for (var q = 0; q < n; q++)
        {
            if ((input >> q & 1) == 1)
            {
                factory.X(q);
            }
        }
        var state = Exact.State(factory.Qft(n).Build(), maxFusedQubits: 3);
        var dimension = 1 << n;
        for (var k = 0; k < dimension; k++)
        {
            var expected = Complex.FromPolarCoordinates(1 / Math.Sqrt(dimension), 2 * Math.PI * input * k / dimension);
            Exact.AssertClose(expected, state[k]);
        }
    }

    [Fact]
    public void Inverse_qft_undoes_qft()
    {
        var circuit = new CircuitFactory(6).X(1).X(4).H(2).Qft(6).InverseQft(6).Build();
        var reference = Exact.State(new CircuitFactory(6).X(1).X(4).H(2).Build());
        Exact.AssertSameUpToPhase(reference, Exact.State(circuit, maxFusedQubits: 4));
    }

    [Fact]
    public void Bernstein_vazirani_reveals_the_secret_in_one_query()
    {
        const int n = 6;
        const int secret = 0b101101;
        var factory = new CircuitFactory(n + 1, n).X(n).H(n);
        for (var q = 0; q < n; q++)
        {
            factory.H(q);
        }
        for (var q = 0; q < n; q++)
        {
            if ((secret >> q & 1) == 1)
            {
                factory.CX(q, n);
            }
        }
        for (var q = 0; q < n; q++)
        {
            factory.H(q).Measure(q, q);
        }
        var counts = RunLocal(factory.Build(), 100);
        Assert.Equal(100, counts[Convert.ToString(secret, 2).PadLeft(n, '0')]);
    }

    [Fact]
    public void Deutsch_jozsa_tells_balanced_from_constant()
    {
        static CircuitFactory Oracle(bool balanced)
        {
            var f = new CircuitFactory(4, 3).X(3).H(3).H(0).H(1).H(2);
            if (balanced)
            {
                f.CX(0, 3).CX(1, 3).CX(2, 3);
            }
            return f.H(0).H(1).H(2).Measure(0, 0).Measure(1, 1).Measure(2, 2);
        }
        Assert.Equal(50, RunLocal(Oracle(balanced: false).Build(), 50)["000"]);
        Assert.False(RunLocal(Oracle(balanced: true).Build(), 50).ContainsKey("000"));
    }

    [Fact]
    public void Grover_on_two_qubits_finds_the_marked_state_with_certainty()
    {
        // Marked state |11⟩: oracle CZ, diffusion H·X·CZ·X·H. One iteration is exact for N = 4.
        var circuit = new CircuitFactory(2).H(0).H(1)
            .Gate(StandardGate.CZ, 0, 1)
            .H(0).H(1).X(0).X(1).Gate(StandardGate.CZ, 0, 1).X(0).X(1).H(0).H(1)
            .MeasureAll().Build();
        Assert.Equal(200, RunLocal(circuit, 200)["11"]);
    }

    [Fact]
    public void Grover_on_three_qubits_amplifies_the_marked_state_to_the_textbook_probability()
    {
        // Two iterations on N = 8 with one marked state give sin²(5·asin(1/√8)) = 0.9453 (Nielsen & Chuang §6.1).
        var f = new CircuitFactory(3);
        f.H(0).H(1).H(2);
        for (var iteration = 0; iteration < 2; iteration++)
        {
            f.Gate(StandardGate.H, 2).Gate(StandardGate.CCX, 0, 1, 2).Gate(StandardGate.H, 2); // oracle marks |111⟩
            f.H(0).H(1).H(2).X(0).X(1).X(2).H(2).Gate(StandardGate.CCX, 0, 1, 2).H(2).X(0).X(1).X(2).H(0).H(1).H(2);
        }
        var state = Exact.State(f.Build(), maxFusedQubits: 3);
        var expected = Math.Pow(Math.Sin(5 * Math.Asin(1 / Math.Sqrt(8))), 2);
        Assert.Equal(expected, state[7].Magnitude * state[7].Magnitude, 9);
    }

    [Fact]
    public void W_state_has_three_equal_single_excitation_amplitudes()
    {
        // RY(θ) with cos²(θ/2) = 1/3 on q0, then a controlled-H spreads the rest, then CX/X fix the pattern.
        var theta = 2 * Math.Acos(Math.Sqrt(1.0 / 3));
        var circuit = new CircuitFactory(3)
            .Gate(StandardGate.RY, [theta], 0)
            .Gate(StandardGate.CH, 0, 1)
            .CX(1, 2).CX(0, 1).X(0)
            .Build();
        var state = Exact.State(circuit, maxFusedQubits: 2);
        foreach (var i in new[] { 1, 2, 4 })
        {
            Assert.Equal(1.0 / 3, state[i].Magnitude * state[i].Magnitude, 9);
        }
        Assert.Equal(1.0, state[1].Magnitude * state[1].Magnitude + state[2].Magnitude * state[2].Magnitude + state[4].Magnitude * state[4].Magnitude, 9);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 3)]
    [InlineData(5, 6)]
    public void Ripple_carry_adder_adds_two_three_bit_numbers(int a, int b)
    {
        // Cuccaro et al. (quant-ph/0410184) MAJ/UMA adder: qubit 0 carry-in, a_i = 1 + 2i, b_i = 2 + 2i, carry-out 7.
        var f = new CircuitFactory(8, 4);
        for (var i = 0; i < 3; i++)
        {
            if ((a >> i & 1) == 1) { f.X(1 + 2 * i); }
            if ((b >> i & 1) == 1) { f.X(2 + 2 * i); }
        }
        void Maj(int x, int y, int z) => f.CX(z, y).CX(z, x).Gate(StandardGate.CCX, x, y, z);
        void Uma(int x, int y, int z) => f.Gate(StandardGate.CCX, x, y, z).CX(z, x).CX(x, y);
        Maj(0, 2, 1);
        Maj(1, 4, 3);
        Maj(3, 6, 5);
        f.CX(5, 7);
        Uma(3, 6, 5);
        Uma(1, 4, 3);
        Uma(0, 2, 1);
        f.Measure(2, 0).Measure(4, 1).Measure(6, 2).Measure(7, 3);
        var counts = RunLocal(f.Build(), 20);
        Assert.Equal(20, counts[Convert.ToString(a + b, 2).PadLeft(4, '0')]);
    }

    [Fact]
    public void Teleportation_with_conditionals_delivers_the_state()
    {
        // Teleport RY(θ)|0⟩ from q0 to q2; P(1) on q2 must be sin²(θ/2) whatever Alice measured.
        const double theta = 1.1;
        const int shots = 4000;
        var circuit = new CircuitFactory(3, 1, 1, 1)
            .Gate(StandardGate.RY, [theta], 0)
            .H(1).CX(1, 2)
            .CX(0, 1).H(0)
            .Measure(0, 0).Measure(1, 1)
            .If(1, 1, 1, new GateOperation(StandardGate.X, [2], []))
            .If(0, 1, 1, new GateOperation(StandardGate.Z, [2], []))
            .Measure(2, 2)
            .Build();
        var result = RunLocalResult(circuit, shots);
        Assert.Equal(StateVectorEngine.PerShotEngineName, result.Engine);
        var ones = result.Counts.Where(kv => kv.Key[0] == '1').Sum(kv => kv.Value);
        var p = Math.Pow(Math.Sin(theta / 2), 2);
        Assert.InRange(ones / (double)shots, p - Exact.FiveSigma(p, shots), p + Exact.FiveSigma(p, shots));
        // Alice's two bits are uniform: each of the four patterns near 1/4.
        foreach (var alice in new[] { "0 0", "0 1", "1 0", "1 1" })
        {
            var n = result.Counts.Where(kv => kv.Key.EndsWith(alice, StringComparison.Ordinal)).Sum(kv => kv.Value);
            Assert.InRange(n / (double)shots, 0.25 - Exact.FiveSigma(0.25, shots), 0.25 + Exact.FiveSigma(0.25, shots));
        }
    }

    [Fact]
    public void Reset_after_measurement_returns_the_qubit_to_zero()
    {
        var circuit = new CircuitFactory(1, 2).H(0).Measure(0, 0).Reset(0).Measure(0, 1).Build();
        var counts = RunLocal(circuit, 500);
        Assert.All(counts.Keys, k => Assert.Equal('0', k[0]));
        Assert.Equal(2, counts.Count);
    }

    [Fact]
    public void Terminal_measurements_are_sampled_from_one_simulation()
    {
        var circuit = CircuitFactory.Random(4, 30, seed: 3).MeasureAll().Build();
        var result = RunLocalResult(circuit, 1000);
        Assert.Equal(StateVectorEngine.SamplingEngineName, result.Engine);
    }

    [Fact]
    public void A_reset_of_qubits_never_touched_still_samples_from_one_simulation()
    {
        // The customary `reset q;` at the start of a program changes nothing, so it must not force per-shot simulation.
        var circuit = new CircuitFactory(2).Reset(0).Reset(1).H(0).Gate(StandardGate.T, 0).CX(0, 1).MeasureAll().Build();

        var result = RunLocalResult(circuit, 1000);

        Assert.Equal(StateVectorEngine.SamplingEngineName, result.Engine);
        Assert.Equal(["00", "11"], result.Counts.Keys.Order());
        Assert.Equal(1000, result.Counts.Values.Sum());
    }

    [Fact]
    public void Resetting_a_whole_register_at_the_start_does_not_widen_the_simulation()
    {
        var factory = new CircuitFactory(24, 2);
        for (var q = 0; q < 24; q++)
        {
            factory.Reset(q);
        }
        var circuit = factory.H(0).Gate(StandardGate.T, 0).CX(0, 1).Measure(0, 0).Measure(1, 1).Build();

        var prepared = CircuitPreparer.Prepare(circuit, Local());

        Assert.Equal(2, prepared.Program.QubitCount);
        Assert.True(StateVectorEngine.CanSampleOnce(prepared.Program));
    }

    [Fact]
    public void A_reset_of_a_qubit_that_left_zero_is_still_simulated_per_shot()
    {
        var circuit = new CircuitFactory(2).H(0).Reset(0).Gate(StandardGate.T, 1).H(1).MeasureAll().Build();

        var result = RunLocalResult(circuit, 1000);

        Assert.Equal(StateVectorEngine.PerShotEngineName, result.Engine);
        Assert.All(result.Counts.Keys, key => Assert.Equal('0', key[^1]));
    }

    [Fact]
    public void Sampled_frequencies_match_the_born_rule()
    {
        const int shots = 20_000;
        var circuit = CircuitFactory.Random(4, 40, seed: 11).Build();
        var state = Exact.State(circuit);
        var measured = new CircuitFactory(4);
        foreach (var op in circuit.Operations)
        {
            measured.Add(op);
        }
        var counts = RunLocal(measured.MeasureAll().Build(), shots);
        for (var i = 0; i < 16; i++)
        {
            var p = state[i].Magnitude * state[i].Magnitude;
            var observed = counts.GetValueOrDefault(Convert.ToString(i, 2).PadLeft(4, '0')) / (double)shots;
            Assert.InRange(observed, p - Exact.FiveSigma(p, shots), p + Exact.FiveSigma(p, shots));
        }
    }

    [Fact]
    public async Task Same_seed_gives_the_same_counts_and_a_different_seed_different_counts()
    {
        var circuit = CircuitFactory.Random(5, 40, seed: 5).MeasureAll().Build();
        var backend = DeviceBackends.Create(Local(), StateVectorOnly);
        var a = (await backend.ExecuteAsync(new CircuitWorkload(circuit), 2000, 42, default)).Counts;
        var b = (await backend.ExecuteAsync(new CircuitWorkload(circuit), 2000, 42, default)).Counts;
        var c = (await backend.ExecuteAsync(new CircuitWorkload(circuit), 2000, 43, default)).Counts;
        Assert.Equal(a.OrderBy(kv => kv.Key), b.OrderBy(kv => kv.Key));
        Assert.NotEqual(a.OrderBy(kv => kv.Key), c.OrderBy(kv => kv.Key));
    }

    internal static DeviceModel Local() => DeviceCatalogue.CreateDefault().Single(d => d.Id == DeviceCatalogue.LocalSimulator);

    internal static IReadOnlyDictionary<string, long> RunLocal(Circuit circuit, int shots) => RunLocalResult(circuit, shots).Counts;

    internal static ExecutionResult RunLocalResult(Circuit circuit, int shots) =>
        DeviceBackends.Create(Local(), StateVectorOnly).ExecuteAsync(new CircuitWorkload(circuit), shots, 7, default).Result;

    /// <summary>Keeps Clifford circuits on the state vector too, so these tests exercise that engine.</summary>
    internal static BackendOptions StateVectorOnly { get; } = new() { PreferStabilizer = false };
}
