namespace QBroker.Qasm.Tests;

public sealed class SwitchTests
{
    [Fact]
    public void Switch_lowers_to_a_chain_of_equality_tests_with_the_default_last() =>
        Assert.Equal(
            ["if c[0+2]==0 { X 0 } else { if c[0+2]==1 { Y 0 } else { if c[0+2]==3 { Y 0 } else { Z 0 } } }"],
            CircuitText.Lines(Qasm.Parse3("qubit q;\nbit[2] c;\nswitch (c) {\n  case 0 { x q; }\n  case 1, 3 { y q; }\n  default { z q; }\n}")));

    [Fact]
    public void Switch_without_default_has_an_empty_final_else() =>
        Assert.Equal(
            ["if c[0+2]==2 { H 0 } else {  }"],
            CircuitText.Lines(Qasm.Parse3("qubit q;\nbit[2] c;\nswitch (c) { case 2 { h q; } }")));

    [Fact]
    public void Switch_with_only_a_default_always_runs_it() =>
        Assert.Equal(["H 0"], CircuitText.Lines(Qasm.Parse3("qubit q;\nbit[2] c;\nswitch (c) { default { h q; } }")));

    [Fact]
    public void Shared_case_bodies_are_charged_to_the_budget_once_per_value()
    {
        // Two values share a two-gate body: 4 gate operations and 2 conditionals are charged, so 6 fits and 5 fails.
        const string Body = "qubit q;\nbit[2] c;\nswitch (c) { case 0, 1 { x q; y q; } }";

        Assert.Equal(
            ["if c[0+2]==0 { X 0; Y 0 } else { if c[0+2]==1 { X 0; Y 0 } else {  } }"],
            CircuitText.Lines(Qasm.Parse3(Body, new QasmParseOptions { MaxOperations = 6 })));
        Assert.Contains("more than 5 operations", Qasm.Error(Qasm.Header3 + Body, new QasmParseOptions { MaxOperations = 5 }).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("switch (c) { case 1 { x q; } case 1 { y q; } }", 35, "case value 1 appears twice")]
    [InlineData("switch (c) { default { x q; } case 1 { y q; } }", 31, "'default' must be the last entry")]
    [InlineData("switch (c) { case 1 x q; }", 21, "expected '{' after the case values")]
    [InlineData("switch (c) { x q; }", 14, "expected 'case' or 'default'")]
    [InlineData("switch (q) { case 0 { x q; } }", 9, "'q' is a quantum register")]
    [InlineData("case 0 { x q; }", 1, "'case' outside a 'switch'")]
    public void Invalid_switch_is_refused_at_its_position(string statement, int column, string message)
    {
        var error = Qasm.Error(Qasm.Header3 + "qubit q;\nbit[2] c;\n" + statement);

        Assert.Equal((5, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_over_too_many_values_is_refused()
    {
        var cases = string.Concat(Enumerable.Range(0, 300).Select(v => $"case {v} {{ x q; }}\n"));

        var error = Qasm.Error(Qasm.Header3 + "qubit q;\nbit[16] c;\nswitch (c) {\n" + cases + "}");

        Assert.Equal((5, 1), (error.Line, error.Column));
        Assert.Contains("conditionals nest more than 256 levels deep", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Ifs around switches nest too: the circuit's conditional depth is bounded as a whole, not per construct.</summary>
    [Theory]
    [InlineData(196, true)]
    [InlineData(197, false)]
    public void Switches_nested_in_ifs_share_the_conditional_depth_bound(int values, bool accepted)
    {
        // 60 ifs plus one level per case value: 256 levels fit, 257 do not. The switch is on line 65.
        var source = Qasm.Header3 + "qubit q;\nbit[16] c;\n" +
            string.Concat(Enumerable.Repeat("if (c == 1) {\n", 60)) +
            "switch (c) {\n" + string.Concat(Enumerable.Range(0, values).Select(v => $"case {v} {{ x q; }}\n")) + "}\n" +
            new string('}', 60);

        Assert.Equal(accepted, QasmParser.TryParse(source, out _, out var error));
        if (!accepted)
        {
            Assert.Equal((65, 1), (error!.Line, error.Column));
            Assert.Contains("conditionals nest more than 256 levels deep", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Switch_requires_OpenQasm3() =>
        Assert.Contains("'switch' requires OpenQASM 3", Qasm.Error(Qasm.Header2 + "qreg q[1];\ncreg c[1];\nswitch (c) { }").Message, StringComparison.Ordinal);
}
