using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Tests;

public sealed class ConditionTests
{
    [Fact]
    public void OpenQasm2_if_compares_the_whole_register()
    {
        var circuit = Qasm.Parse2("qreg q[1];\ncreg a[2];\ncreg c[3];\nif(c==5) x q[0];");

        var conditional = Assert.IsType<ConditionalOperation>(Assert.Single(circuit.Operations));
        Assert.Equal(new ClassicalCondition(2, 3, 5), conditional.Condition);
        Assert.Equal(["X 0"], CircuitText.Lines(conditional.Then));
        Assert.Empty(conditional.Else);
    }

    [Fact]
    public void OpenQasm2_if_with_broadcast_puts_every_operation_in_one_block() =>
        Assert.Equal(
            ["if c[0+1]==1 { H 0; H 1 } else {  }", "if c[0+1]==0 { measure 0->0 } else {  }", "if c[0+1]==1 { reset 1 } else {  }"],
            CircuitText.Lines(Qasm.Parse2("qreg q[2];\ncreg c[1];\nif(c==1) h q;\nif(c==0) measure q[0] -> c[0];\nif (c == 1) reset q[1];")));

    [Fact]
    public void OpenQasm3_if_else_maps_to_then_and_else_blocks()
    {
        var circuit = Qasm.Parse3("qubit[2] q;\nbit[3] c;\nif (c == 6) { x q[0]; h q[1]; } else { z q[1]; }");

        Assert.Equal(["if c[0+3]==6 { X 0; H 1 } else { Z 1 }"], CircuitText.Lines(circuit));
    }

    [Theory]
    [InlineData("if (c[1] == 1) x q;", "if c[1+1]==1 { X 0 } else {  }")]
    [InlineData("if (c[1] == 0) x q;", "if c[1+1]==0 { X 0 } else {  }")]
    [InlineData("if (c[1]) x q;", "if c[1+1]==1 { X 0 } else {  }")]
    [InlineData("if (!c[1]) x q;", "if c[1+1]==0 { X 0 } else {  }")]
    [InlineData("if (c[1] != 1) x q;", "if c[1+1]==0 { X 0 } else {  }")]
    [InlineData("if (c != 3) x q; else y q;", "if c[0+2]==3 { Y 0 } else { X 0 }")]
    [InlineData("if (c) x q;", "if c[0+2]==0 {  } else { X 0 }")]
    [InlineData("if (!c) x q;", "if c[0+2]==0 { X 0 } else {  }")]
    [InlineData("if (c == 0b10) { x q; }", "if c[0+2]==2 { X 0 } else {  }")]
    [InlineData("if (c == 1) x q; else if (c == 2) y q; else z q;", "if c[0+2]==1 { X 0 } else { if c[0+2]==2 { Y 0 } else { Z 0 } }")]
    public void OpenQasm3_condition_forms_map_to_an_equality(string statement, string expected) =>
        Assert.Equal([expected], CircuitText.Lines(Qasm.Parse3("qubit q;\nbit[2] c;\n" + statement)));

    [Fact]
    public void Single_bit_register_compares_like_a_bit() =>
        Assert.Equal(
            ["measure 0->0", "if c[0+1]==1 { X 0 } else {  }"],
            CircuitText.Lines(Qasm.Parse3("qubit q;\nbit c;\nc = measure q;\nif (c) { x q; }")));

    [Fact]
    public void Condition_value_wider_than_double_precision_is_kept_exact()
    {
        var circuit = Qasm.Parse2("qreg q[1];\ncreg c[64];\nif(c==18446744073709551615) x q[0];");

        Assert.Equal(ulong.MaxValue, Assert.IsType<ConditionalOperation>(circuit.Operations[0]).Condition.Value);
    }

    [Fact]
    public void Loop_variable_may_be_the_compared_value() =>
        Assert.Equal(
            ["if c[0+2]==0 { RX(0) 0 } else {  }", "if c[0+2]==1 { RX(1) 0 } else {  }"],
            CircuitText.Lines(Qasm.Parse3("qubit q;\nbit[2] c;\nfor int i in [0:1] { if (c == i) rx(i) q; }")));

    [Theory]
    [InlineData("if (c < 2) x q;", 3, 7, "only '==' and '!=' comparisons")]
    [InlineData("if (c == 1 && c == 2) x q;", 3, 12, "combined conditions")]
    [InlineData("if (q == 1) x q;", 3, 5, "'q' is a quantum register")]
    [InlineData("if (c == -1) x q;", 3, 10, "non-negative integer")]
    [InlineData("if (c == 1.5) x q;", 3, 10, "non-negative integer")]
    [InlineData("else x q;", 3, 1, "'else' without a matching 'if'")]
    [InlineData("if (c == 1) { qubit r; }", 3, 15, "only allowed at the top level")]
    public void Invalid_OpenQasm3_condition_is_refused_at_its_position(string statement, int line, int column, string message)
    {
        var error = Qasm.Error(Qasm.Header3.Replace("include \"stdgates.inc\";\n", string.Empty, StringComparison.Ordinal) + "qubit q;\nbit[2] c;\n" + statement);

        Assert.Equal((line + 1, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Condition_on_a_register_wider_than_64_bits_is_refused()
    {
        var error = Qasm.Error(Qasm.Header2 + "qreg q[1];\ncreg c[65];\nif(c==1) x q[0];");

        Assert.Equal((5, 4), (error.Line, error.Column));
        Assert.Contains("wider than 64 bits", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("if(c==1) { x q[0]; }", 10, "a block after 'if' requires OpenQASM 3")]
    [InlineData("if(c==1) barrier q;", 10, "only a gate call, 'measure' or 'reset' may follow")]
    public void OpenQasm2_if_takes_exactly_one_operation(string statement, int column, string message)
    {
        var error = Qasm.Error(Qasm.Header2 + "qreg q[1];\ncreg c[1];\n" + statement);

        Assert.Equal((5, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
