using System.Numerics;
using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Tests;

/// <summary>
/// c3x, c4x and c3sqrtx have no standard gate and are decomposed into H, CX and P. A small exact state-vector
/// evaluation checks the decomposition against the intended unitary on every basis state, phases included.
/// </summary>
public sealed class MultiControlledGateTests
{
    /// <summary>Amplitudes are sums of a few dozen unit-modulus products; 1e-9 is far above rounding and far below any wrong phase.</summary>
    private const double Tolerance = 1e-9;

    [Theory]
    [InlineData("c3x q[0],q[1],q[2],q[3];", 4, new[] { 0, 1, 2 }, 3)]
    [InlineData("c3x q[3],q[0],q[2],q[1];", 4, new[] { 3, 0, 2 }, 1)]
    [InlineData("c4x q[0],q[1],q[2],q[3],q[4];", 5, new[] { 0, 1, 2, 3 }, 4)]
    [InlineData("c4x q[4],q[2],q[0],q[3],q[1];", 5, new[] { 4, 2, 0, 3 }, 1)]
    public void Multi_controlled_x_flips_the_target_exactly_when_every_control_is_set(string call, int qubits, int[] controls, int target)
    {
        var circuit = Qasm.Parse2($"qreg q[{qubits}];\n{call}");

        for (var input = 0; input < 1 << qubits; input++)
        {
            var output = Run(circuit, input);
            var allSet = controls.All(c => (input & (1 << c)) != 0);
            var expected = allSet ? input ^ (1 << target) : input;
            AssertBasisState(output, expected, Complex.One);
        }
    }

    [Fact]
    public void C3sqrtx_applies_sqrt_x_to_the_target_when_every_control_is_set()
    {
        var circuit = Qasm.Parse2("qreg q[4];\nc3sqrtx q[0],q[1],q[2],q[3];");
        // √X = H·S·H = ½[[1+i, 1-i], [1-i, 1+i]], the matrix of Qiskit's SXGate.
        var diagonal = new Complex(0.5, 0.5);
        var offDiagonal = new Complex(0.5, -0.5);

        for (var input = 0; input < 16; input++)
        {
            var output = Run(circuit, input);
            if ((input & 0b0111) != 0b0111)
            {
                AssertBasisState(output, input, Complex.One);
                continue;
            }
            Assert.True(Complex.Abs(output[input] - diagonal) < Tolerance, $"input {input}: {output[input]}");
            Assert.True(Complex.Abs(output[input ^ 0b1000] - offDiagonal) < Tolerance, $"input {input}: {output[input ^ 0b1000]}");
        }
    }

    [Fact]
    public void Multi_controlled_gates_use_only_h_cx_and_p_and_count_against_the_budget()
    {
        var circuit = Qasm.Parse2("qreg q[5];\nc4x q[0],q[1],q[2],q[3],q[4];");

        Assert.All(circuit.Operations, op => Assert.Contains(((GateOperation)op).Gate, new[] { StandardGate.H, StandardGate.CX, StandardGate.P }));
        // 2 H + 31 phases + 2·(5·16 − 31) CX, as MultiControlledGateSymbol.ExpandedOperationCount says.
        Assert.Equal(2 + 31 + 98, circuit.Operations.Count);
        Assert.Contains("more than 100 operations", Qasm.Error(Qasm.Header2 + "qreg q[5];\nc4x q[0],q[1],q[2],q[3],q[4];", new QasmParseOptions { MaxOperations = 100 }).Message, StringComparison.Ordinal);
    }

    private static void AssertBasisState(Complex[] state, int index, Complex amplitude)
    {
        for (var i = 0; i < state.Length; i++)
        {
            var expected = i == index ? amplitude : Complex.Zero;
            Assert.True(Complex.Abs(state[i] - expected) < Tolerance, $"amplitude {i} is {state[i]}, expected {expected}");
        }
    }

    /// <summary>Applies the circuit's H, X, CX and P gates to the basis state |input⟩ (qubit k = bit k).</summary>
    private static Complex[] Run(Circuit circuit, int input)
    {
        var state = new Complex[1 << circuit.QubitCount];
        state[input] = Complex.One;
        foreach (var operation in circuit.Operations)
        {
            var gate = (GateOperation)operation;
            var q = gate.Qubits;
            switch (gate.Gate)
            {
                case StandardGate.H:
                    ApplyHadamard(state, 1 << q[0]);
                    break;
                case StandardGate.P:
                    var phase = Complex.FromPolarCoordinates(1, gate.Parameters[0]);
                    for (var i = 0; i < state.Length; i++)
                    {
                        state[i] *= (i & (1 << q[0])) != 0 ? phase : Complex.One;
                    }
                    break;
                case StandardGate.CX:
                    for (var i = 0; i < state.Length; i++)
                    {
                        var j = i ^ (1 << q[1]);
                        if ((i & (1 << q[0])) != 0 && i < j)
                        {
                            (state[i], state[j]) = (state[j], state[i]);
                        }
                    }
                    break;
                default:
                    throw new InvalidOperationException($"unexpected gate {gate.Gate}");
            }
        }
        return state;
    }

    private static void ApplyHadamard(Complex[] state, int mask)
    {
        var norm = 1 / Math.Sqrt(2);
        for (var i = 0; i < state.Length; i++)
        {
            if ((i & mask) == 0)
            {
                var (a, b) = (state[i], state[i | mask]);
                state[i] = norm * (a + b);
                state[i | mask] = norm * (a - b);
            }
        }
    }
}
