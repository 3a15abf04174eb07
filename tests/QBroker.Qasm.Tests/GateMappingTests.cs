using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Tests;

public sealed class GateMappingTests
{
    /// <summary>Every qelib1.inc gate and extension: the StandardGate, the parameter values and the qubit order.</summary>
    [Theory]
    [InlineData("id q[0];", StandardGate.I, new[] { 0 }, new double[0])]
    [InlineData("u0(5) q[0];", StandardGate.I, new[] { 0 }, new double[0])]
    [InlineData("x q[1];", StandardGate.X, new[] { 1 }, new double[0])]
    [InlineData("y q[0];", StandardGate.Y, new[] { 0 }, new double[0])]
    [InlineData("z q[0];", StandardGate.Z, new[] { 0 }, new double[0])]
    [InlineData("h q[2];", StandardGate.H, new[] { 2 }, new double[0])]
    [InlineData("s q[0];", StandardGate.S, new[] { 0 }, new double[0])]
    [InlineData("sdg q[0];", StandardGate.Sdg, new[] { 0 }, new double[0])]
    [InlineData("t q[0];", StandardGate.T, new[] { 0 }, new double[0])]
    [InlineData("tdg q[0];", StandardGate.Tdg, new[] { 0 }, new double[0])]
    [InlineData("sx q[0];", StandardGate.SX, new[] { 0 }, new double[0])]
    [InlineData("sxdg q[0];", StandardGate.SXdg, new[] { 0 }, new double[0])]
    [InlineData("rx(0.5) q[0];", StandardGate.RX, new[] { 0 }, new[] { 0.5 })]
    [InlineData("ry(0.25) q[0];", StandardGate.RY, new[] { 0 }, new[] { 0.25 })]
    [InlineData("rz(-1.5) q[0];", StandardGate.RZ, new[] { 0 }, new[] { -1.5 })]
    [InlineData("u1(0.3) q[0];", StandardGate.P, new[] { 0 }, new[] { 0.3 })]
    [InlineData("p(0.3) q[0];", StandardGate.P, new[] { 0 }, new[] { 0.3 })]
    [InlineData("u2(0.1,0.2) q[0];", StandardGate.U2, new[] { 0 }, new[] { 0.1, 0.2 })]
    [InlineData("u3(0.1,0.2,0.3) q[0];", StandardGate.U, new[] { 0 }, new[] { 0.1, 0.2, 0.3 })]
    [InlineData("u(0.1,0.2,0.3) q[0];", StandardGate.U, new[] { 0 }, new[] { 0.1, 0.2, 0.3 })]
    [InlineData("U(0.1,0.2,0.3) q[0];", StandardGate.U, new[] { 0 }, new[] { 0.1, 0.2, 0.3 })]
    [InlineData("cx q[2],q[0];", StandardGate.CX, new[] { 2, 0 }, new double[0])]
    [InlineData("CX q[0],q[2];", StandardGate.CX, new[] { 0, 2 }, new double[0])]
    [InlineData("cy q[1],q[0];", StandardGate.CY, new[] { 1, 0 }, new double[0])]
    [InlineData("cz q[0],q[1];", StandardGate.CZ, new[] { 0, 1 }, new double[0])]
    [InlineData("ch q[0],q[1];", StandardGate.CH, new[] { 0, 1 }, new double[0])]
    [InlineData("csx q[1],q[2];", StandardGate.CSX, new[] { 1, 2 }, new double[0])]
    [InlineData("crx(0.7) q[0],q[1];", StandardGate.CRX, new[] { 0, 1 }, new[] { 0.7 })]
    [InlineData("cry(0.7) q[0],q[1];", StandardGate.CRY, new[] { 0, 1 }, new[] { 0.7 })]
    [InlineData("crz(0.7) q[0],q[1];", StandardGate.CRZ, new[] { 0, 1 }, new[] { 0.7 })]
    [InlineData("cu1(0.7) q[1],q[0];", StandardGate.CP, new[] { 1, 0 }, new[] { 0.7 })]
    [InlineData("cp(0.7) q[1],q[0];", StandardGate.CP, new[] { 1, 0 }, new[] { 0.7 })]
    [InlineData("cu3(0.1,0.2,0.3) q[0],q[1];", StandardGate.CU, new[] { 0, 1 }, new[] { 0.1, 0.2, 0.3, 0.0 })]
    [InlineData("cu(0.1,0.2,0.3,0.4) q[0],q[1];", StandardGate.CU, new[] { 0, 1 }, new[] { 0.1, 0.2, 0.3, 0.4 })]
    [InlineData("swap q[2],q[0];", StandardGate.Swap, new[] { 2, 0 }, new double[0])]
    [InlineData("rxx(0.9) q[0],q[1];", StandardGate.RXX, new[] { 0, 1 }, new[] { 0.9 })]
    [InlineData("ryy(0.9) q[0],q[1];", StandardGate.RYY, new[] { 0, 1 }, new[] { 0.9 })]
    [InlineData("rzz(0.9) q[1],q[0];", StandardGate.RZZ, new[] { 1, 0 }, new[] { 0.9 })]
    [InlineData("ccx q[2],q[0],q[1];", StandardGate.CCX, new[] { 2, 0, 1 }, new double[0])]
    [InlineData("cswap q[1],q[2],q[0];", StandardGate.CSwap, new[] { 1, 2, 0 }, new double[0])]
    public void Qelib1_gate_maps_to_its_standard_gate(string call, StandardGate gate, int[] qubits, double[] parameters)
    {
        var op = Qasm.SingleGate(Qasm.Parse2("qreg q[3];\n" + call));

        Assert.Equal(gate, op.Gate);
        Assert.Equal(qubits, op.Qubits);
        Assert.Equal(parameters, op.Parameters);
    }

    /// <summary>stdgates.inc names (including its compatibility aliases) and the OpenQASM 3 built-ins.</summary>
    [Theory]
    [InlineData("p(0.3) q[0];", StandardGate.P, new[] { 0 }, new[] { 0.3 })]
    [InlineData("phase(0.3) q[0];", StandardGate.P, new[] { 0 }, new[] { 0.3 })]
    [InlineData("u1(0.3) q[0];", StandardGate.P, new[] { 0 }, new[] { 0.3 })]
    [InlineData("u2(0.1,0.2) q[0];", StandardGate.U2, new[] { 0 }, new[] { 0.1, 0.2 })]
    [InlineData("u3(0.1,0.2,0.3) q[0];", StandardGate.U, new[] { 0 }, new[] { 0.1, 0.2, 0.3 })]
    [InlineData("U(0.1,0.2,0.3) q[0];", StandardGate.U, new[] { 0 }, new[] { 0.1, 0.2, 0.3 })]
    [InlineData("id q[0];", StandardGate.I, new[] { 0 }, new double[0])]
    [InlineData("x q[0];", StandardGate.X, new[] { 0 }, new double[0])]
    [InlineData("y q[0];", StandardGate.Y, new[] { 0 }, new double[0])]
    [InlineData("z q[0];", StandardGate.Z, new[] { 0 }, new double[0])]
    [InlineData("h q[0];", StandardGate.H, new[] { 0 }, new double[0])]
    [InlineData("s q[0];", StandardGate.S, new[] { 0 }, new double[0])]
    [InlineData("sdg q[0];", StandardGate.Sdg, new[] { 0 }, new double[0])]
    [InlineData("t q[0];", StandardGate.T, new[] { 0 }, new double[0])]
    [InlineData("tdg q[0];", StandardGate.Tdg, new[] { 0 }, new double[0])]
    [InlineData("sx q[0];", StandardGate.SX, new[] { 0 }, new double[0])]
    [InlineData("rx(1) q[0];", StandardGate.RX, new[] { 0 }, new[] { 1.0 })]
    [InlineData("ry(1) q[0];", StandardGate.RY, new[] { 0 }, new[] { 1.0 })]
    [InlineData("rz(1) q[0];", StandardGate.RZ, new[] { 0 }, new[] { 1.0 })]
    [InlineData("cx q[1], q[0];", StandardGate.CX, new[] { 1, 0 }, new double[0])]
    [InlineData("CX q[1], q[0];", StandardGate.CX, new[] { 1, 0 }, new double[0])]
    [InlineData("cy q[1], q[0];", StandardGate.CY, new[] { 1, 0 }, new double[0])]
    [InlineData("cz q[1], q[0];", StandardGate.CZ, new[] { 1, 0 }, new double[0])]
    [InlineData("cp(2) q[1], q[0];", StandardGate.CP, new[] { 1, 0 }, new[] { 2.0 })]
    [InlineData("cphase(2) q[1], q[0];", StandardGate.CP, new[] { 1, 0 }, new[] { 2.0 })]
    [InlineData("crx(2) q[1], q[0];", StandardGate.CRX, new[] { 1, 0 }, new[] { 2.0 })]
    [InlineData("cry(2) q[1], q[0];", StandardGate.CRY, new[] { 1, 0 }, new[] { 2.0 })]
    [InlineData("crz(2) q[1], q[0];", StandardGate.CRZ, new[] { 1, 0 }, new[] { 2.0 })]
    [InlineData("ch q[1], q[0];", StandardGate.CH, new[] { 1, 0 }, new double[0])]
    [InlineData("cu(1,2,3,4) q[1], q[0];", StandardGate.CU, new[] { 1, 0 }, new[] { 1.0, 2.0, 3.0, 4.0 })]
    [InlineData("swap q[1], q[0];", StandardGate.Swap, new[] { 1, 0 }, new double[0])]
    [InlineData("ccx q[1], q[2], q[0];", StandardGate.CCX, new[] { 1, 2, 0 }, new double[0])]
    [InlineData("cswap q[1], q[2], q[0];", StandardGate.CSwap, new[] { 1, 2, 0 }, new double[0])]
    [InlineData("rzz(0.5) q[1], q[0];", StandardGate.RZZ, new[] { 1, 0 }, new[] { 0.5 })]
    [InlineData("cu3(1,2,3) q[1], q[0];", StandardGate.CU, new[] { 1, 0 }, new[] { 1.0, 2.0, 3.0, 0.0 })]
    public void Stdgates_gate_maps_to_its_standard_gate(string call, StandardGate gate, int[] qubits, double[] parameters)
    {
        var op = Qasm.SingleGate(Qasm.Parse3("qubit[3] q;\n" + call));

        Assert.Equal(gate, op.Gate);
        Assert.Equal(qubits, op.Qubits);
        Assert.Equal(parameters, op.Parameters);
    }

    [Fact]
    public void Gphase_is_dropped_because_a_global_phase_is_unobservable()
    {
        var circuit = QasmParser.Parse("OPENQASM 3;\nqubit q;\ngphase(pi/2);\nU(0, 0, pi) q;");

        Assert.Equal(StandardGate.U, Qasm.SingleGate(circuit).Gate);
    }

    [Fact]
    public void Standard_gates_need_the_include_and_the_error_says_so()
    {
        var error = Qasm.Error("OPENQASM 2.0;\nqreg q[1];\nh q[0];");

        Assert.Equal((3, 1), (error.Line, error.Column));
        Assert.Contains("include \"qelib1.inc\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Built_in_U_and_CX_work_without_any_include()
    {
        var circuit = QasmParser.Parse("OPENQASM 2.0;\nqreg q[2];\nU(pi,0,pi) q[0];\nCX q[0],q[1];");

        Assert.Equal(["U(3.141592653589793,0,3.141592653589793) 0", "CX 0,1"], CircuitText.Lines(circuit));
    }

    [Fact]
    public void Qubit_indices_are_global_across_registers_in_declaration_order()
    {
        var circuit = Qasm.Parse2("qreg a[2];\nqreg b[3];\ncx a[1],b[2];");

        Assert.Equal([1, 4], Qasm.SingleGate(circuit).Qubits);
        Assert.Equal("q[a:0+2 b:2+3] c[]", CircuitText.Registers(circuit));
        Assert.Equal(5, circuit.QubitCount);
    }
}
