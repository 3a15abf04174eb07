namespace QBroker.Qasm.Tests;

public sealed class ForLoopTests
{
    [Fact]
    public void Range_is_inclusive_and_the_variable_indexes_registers() =>
        Assert.Equal(["H 0", "H 1", "H 2", "H 3"], CircuitText.Lines(Qasm.Parse3("qubit[4] q;\nfor uint i in [0:3] { h q[i]; }")));

    [Fact]
    public void Range_with_a_negative_step_counts_down() =>
        Assert.Equal(["X 4", "X 2", "X 0"], CircuitText.Lines(Qasm.Parse3("qubit[5] q;\nfor int i in [4:-2:0] { x q[i]; }")));

    [Fact]
    public void Range_with_a_step_stops_at_or_before_the_end() =>
        Assert.Equal(["X 1", "X 4"], CircuitText.Lines(Qasm.Parse3("qubit[6] q;\nfor int[32] i in [1:3:5] x q[i];")));

    [Fact]
    public void Empty_range_runs_no_iteration() =>
        Assert.Empty(Qasm.Parse3("qubit[4] q;\nfor int i in [3:1] { h q[i]; }").Operations);

    [Fact]
    public void Set_is_iterated_in_the_written_order_and_the_variable_is_usable_in_expressions() =>
        Assert.Equal(
            ["RZ(1) 1", "RZ(3) 3", "RZ(2) 2"],
            CircuitText.Lines(Qasm.Parse3("qubit[4] q;\nfor i in {1, 3, 2} { rz(i) q[i]; }")));

    [Fact]
    public void Nested_loops_build_a_qft_ladder()
    {
        var circuit = Qasm.Parse3("const int n = 3;\nqubit[n] q;\nfor int i in [0:n-1] {\n  h q[i];\n  for int j in [i+1:n-1] { cp(pi/2**(j-i)) q[j], q[i]; }\n}");

        Assert.Equal(
            ["H 0", $"CP({Math.PI / 2:R}) 1,0", $"CP({Math.PI / 4:R}) 2,0", "H 1", $"CP({Math.PI / 2:R}) 2,1", "H 2"],
            CircuitText.Lines(circuit));
    }

    [Fact]
    public void Loop_variable_shadows_a_constant_only_inside_the_loop() =>
        Assert.Equal(
            ["RX(0) 0", "RX(1) 0", "RX(7) 0"],
            CircuitText.Lines(Qasm.Parse3("const int i = 7;\nqubit q;\nfor int i in [0:1] rx(i) q;\nrx(i) q;")));

    [Fact]
    public void Loop_inside_an_if_unrolls_into_the_then_block() =>
        Assert.Equal(
            ["if c[0+1]==1 { X 0; X 1 } else {  }"],
            CircuitText.Lines(Qasm.Parse3("qubit[2] q;\nbit c;\nif (c == 1) { for int i in [0:1] { x q[i]; } }")));

    [Theory]
    [InlineData("for int i in [0:0:3] x q;", 17, "loop step must not be zero")]
    [InlineData("for uint i in [-1:1] x q;", 16, "out of range")]
    [InlineData("for int i in [0:1.5] x q;", 17, "must be an integer")]
    [InlineData("for float x in [0:1] x q;", 5, "only 'int' and 'uint' loop variables")]
    [InlineData("for int q in [0:1] x q;", 1, "would hide the register")]
    [InlineData("for int i in 5 x q;", 14, "expected a range")]
    [InlineData("for int i of [0:1] x q;", 11, "expected 'in'")]
    [InlineData("for int i in [0:1] { qubit r; }", 22, "only allowed at the top level")]
    [InlineData("for int i in [0:1] { h q[i]; }", 26, "index 1 is out of range for register 'q' of size 1")]
    public void Invalid_loop_is_refused_at_its_position(string statement, int column, string message)
    {
        var error = Qasm.Error(Qasm.Header3 + "qubit q;\n" + statement);

        Assert.Equal((4, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void For_requires_OpenQasm3()
    {
        var error = Qasm.Error(Qasm.Header2 + "qreg q[1];\nfor int i in [0:1] { x q[0]; }");

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Contains("'for' requires OpenQASM 3", error.Message, StringComparison.Ordinal);
    }
}
