using System.Numerics;
using QBroker.Backends.StateVector;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Tests;

public sealed class GateFusionTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Fused_circuit_gives_the_same_state_as_gate_by_gate(int maxFused)
    {
        var circuit = CircuitFactory.Random(7, 120, seed: maxFused).Build();
        Exact.AssertSameUpToPhase(Exact.State(circuit), Exact.State(circuit, maxFused));
    }

    [Fact]
    public void Every_standard_gate_on_every_qubit_order_matches_its_matrix_in_the_simd_and_scalar_kernels()
    {
        // Qubit 0 as the lowest target takes the scalar path; higher targets the paired SIMD path.
        foreach (var gate in Enum.GetValues<StandardGate>())
        {
            var arity = StandardGateInfo.QubitCount(gate);
            var parameters = Enumerable.Range(0, StandardGateInfo.ParameterCount(gate)).Select(i => 0.3 + 0.7 * i).ToArray();
            foreach (var qubits in Placements(arity, 4))
            {
                var prepared = CircuitFactory.Random(4, 12, seed: 1).Build();
                var circuit = new CircuitFactory(4);
                foreach (var op in prepared.Operations)
                {
                    circuit.Add(op);
                }
                circuit.Gate(gate, parameters, qubits);
                var actual = Exact.State(circuit.Build());
                var expected = ApplyNaively(Exact.State(prepared), GateMatrices.For(gate, parameters), qubits);
                Exact.AssertSameUpToPhase(expected, actual);
            }
        }
    }

    [Fact]
    public void Fusion_cuts_passes_over_the_state_for_qft_26_at_least_threefold()
    {
        var circuit = new CircuitFactory(26).Qft(26).Build();
        var gates = circuit.Operations.OfType<GateOperation>().Select(g => new UnitaryGate(g.Gate, g.Qubits.ToArray(), g.Parameters.ToArray())).ToArray();
        var fused = GateFusion.Fuse(gates, BackendOptions.Default.MaxFusedQubits);
        Assert.True(gates.Length >= 3 * fused.Count, $"{gates.Length} gates fused into {fused.Count} passes");
        Assert.Equal(gates.Length, fused.Sum(f => f.SourceGateCount));
    }

    [Fact]
    public void Diagonal_gates_fuse_into_wide_diagonal_blocks_and_dense_blocks_stay_narrow()
    {
        var circuit = new CircuitFactory(12).Qft(12).Build();
        var gates = circuit.Operations.OfType<GateOperation>().Select(g => new UnitaryGate(g.Gate, g.Qubits.ToArray(), g.Parameters.ToArray())).ToArray();
        var fused = GateFusion.Fuse(gates, maxQubits: 2, maxDiagonalQubits: 8);
        Assert.Contains(fused, f => f.Diagonal is not null && f.Qubits.Length == 8);
        Assert.All(fused, f => Assert.True(f.Qubits.Length <= (f.Diagonal is null ? 2 : 8)));
        var state = new StateVectorSimulator(12);
        foreach (var pass in fused)
        {
            state.Apply(pass);
        }
        Exact.AssertSameUpToPhase(Exact.State(circuit), state.Amplitudes.ToArray());
    }

    [Fact]
    public void The_engine_counts_one_pass_per_fused_gate_plus_the_sampling_sweep()
    {
        var circuit = new CircuitFactory(16).Qft(16).MeasureAll().Build();
        var gateCount = circuit.Operations.OfType<GateOperation>().Count();
        var program = Execution.CircuitPreparer.Prepare(circuit, StateVectorEngineTests.Local()).Program;
        var engine = new StateVectorEngine(BackendOptions.Default);
        engine.Run(program, 10, new Execution.DeterministicRandom(1), default);
        Assert.True(engine.LastPassCount * 3 <= gateCount + 3, $"{engine.LastPassCount} passes for {gateCount} gates");
    }

    [Fact]
    public void Parallel_passes_give_the_same_state_as_one_thread()
    {
        var circuit = CircuitFactory.Random(12, 80, seed: 9).Build();
        var gates = circuit.Operations.OfType<GateOperation>().Select(g => new UnitaryGate(g.Gate, g.Qubits.ToArray(), g.Parameters.ToArray())).ToArray();
        var serial = new StateVectorSimulator(12, maxDegreeOfParallelism: 1, parallelThresholdQubits: 30);
        var parallel = new StateVectorSimulator(12, maxDegreeOfParallelism: 2, parallelThresholdQubits: 4);
        foreach (var pass in GateFusion.Fuse(gates, 4))
        {
            serial.Apply(pass);
            parallel.Apply(pass);
        }
        Exact.AssertSameUpToPhase(serial.Amplitudes.ToArray(), parallel.Amplitudes.ToArray(), 1e-12);
        var (serialOne, serialTotal) = serial.WeightOfOne(3);
        var (parallelOne, parallelTotal) = parallel.WeightOfOne(3);
        Assert.Equal(serialOne, parallelOne, 12);
        Assert.Equal(serialTotal, parallelTotal, 12);
        Assert.Equal(1, serialTotal, 12);
    }

    private static IEnumerable<int[]> Placements(int arity, int qubits) => arity switch
    {
        1 => Enumerable.Range(0, qubits).Select(q => new[] { q }),
        2 => [[0, 1], [1, 0], [2, 3], [3, 1], [0, 3]],
        _ => [[0, 1, 2], [2, 0, 1], [3, 1, 2], [1, 3, 0]],
    };

    /// <summary>Applies a matrix by definition: new[i] = Σ_g M[local(i), g]·old[i with the gate bits set to g].</summary>
    private static Complex[] ApplyNaively(Complex[] state, Complex[] matrix, int[] qubits)
    {
        var dimension = 1 << qubits.Length;
        var result = new Complex[state.Length];
        for (var i = 0; i < state.Length; i++)
        {
            var row = 0;
            for (var j = 0; j < qubits.Length; j++)
            {
                row |= (i >> qubits[j] & 1) << j;
            }
            for (var g = 0; g < dimension; g++)
            {
                var source = i;
                for (var j = 0; j < qubits.Length; j++)
                {
                    source = (g >> j & 1) == 1 ? source | (1 << qubits[j]) : source & ~(1 << qubits[j]);
                }
                result[i] += matrix[row * dimension + g] * state[source];
            }
        }
        return result;
    }
}
