namespace QBroker.Qasm.Tests;

public sealed class BroadcastTests
{
    [Fact]
    public void Single_qubit_gate_on_a_register_applies_to_every_qubit() =>
        Assert.Equal(["H 0", "H 1", "H 2"], CircuitText.Lines(Qasm.Parse2("qreg q[3];\nh q;")));

    [Fact]
    public void Two_registers_of_equal_size_pair_up_elementwise() =>
        Assert.Equal(["CX 0,2", "CX 1,3"], CircuitText.Lines(Qasm.Parse2("qreg q[2];\nqreg r[2];\ncx q, r;")));

    [Fact]
    public void Indexed_operand_is_repeated_against_a_register() =>
        Assert.Equal(["CX 0,2", "CX 0,3", "CX 0,4"], CircuitText.Lines(Qasm.Parse2("qreg q[2];\nqreg r[3];\ncx q[0], r;")));

    [Fact]
    public void Parameterised_gate_broadcasts_with_the_same_parameters() =>
        Assert.Equal(["RZ(0.5) 0", "RZ(0.5) 1"], CircuitText.Lines(Qasm.Parse2("qreg q[2];\nrz(0.5) q;")));

    [Fact]
    public void Measure_of_a_register_into_a_register_pairs_bits() =>
        Assert.Equal(["measure 0->0", "measure 1->1", "measure 2->2"], CircuitText.Lines(Qasm.Parse2("qreg q[3];\ncreg c[3];\nmeasure q -> c;")));

    [Fact]
    public void Reset_of_a_register_resets_every_qubit() =>
        Assert.Equal(["reset 1", "reset 2"], CircuitText.Lines(Qasm.Parse2("qreg a[1];\nqreg q[2];\nreset q;")));

    [Fact]
    public void Barrier_over_registers_and_qubits_is_one_operation() =>
        Assert.Equal(["barrier 0,1,3"], CircuitText.Lines(Qasm.Parse2("qreg q[2];\nqreg r[2];\nbarrier q, r[1];")));

    [Fact]
    public void Barrier_without_operands_covers_every_qubit_in_OpenQasm3() =>
        Assert.Equal(["barrier 0,1,2"], CircuitText.Lines(Qasm.Parse3("qubit[3] q;\nbarrier;")));

    [Fact]
    public void Size_mismatch_is_refused_at_the_disagreeing_register()
    {
        var error = Qasm.Error(Qasm.Header2 + "qreg q[2];\nqreg r[3];\ncx q, r;");

        Assert.Equal((5, 7), (error.Line, error.Column));
        Assert.Contains("register size mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broadcast_that_makes_a_qubit_meet_itself_is_refused()
    {
        var error = Qasm.Error(Qasm.Header2 + "qreg q[2];\ncx q[0], q;");

        Assert.Equal((4, 10), (error.Line, error.Column));
        Assert.Contains("duplicate qubit operand: qubit q[0]", error.Message, StringComparison.Ordinal);
    }
}
