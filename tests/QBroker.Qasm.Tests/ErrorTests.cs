namespace QBroker.Qasm.Tests;

/// <summary>Syntax and semantic errors not covered by the feature-specific test classes, each with its line and column.</summary>
public sealed class ErrorTests
{
    [Theory]
    [InlineData("qreg q[1];", "missing header")]
    [InlineData("", "missing header")]
    [InlineData("// only a comment\nqreg q[1];", "missing header")]
    public void Missing_header_is_refused_at_line_1_column_1(string source, string message)
    {
        var error = Qasm.Error(source);

        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OPENQASM 2.0;", true)]
    [InlineData("// comment first\nOPENQASM 3;", true)]
    [InlineData("OPENQASM 3.0;", true)]
    [InlineData("OPENQASM 4.0;", false)]
    [InlineData("OPENQASM 1;", false)]
    public void Version_header_selects_the_language(string source, bool accepted) =>
        Assert.Equal(accepted, QasmParser.TryParse(source, out _, out _));

    [Fact]
    public void Unsupported_version_is_refused_at_the_number()
    {
        var error = Qasm.Error("OPENQASM 4.0;");

        Assert.Equal("line 1, column 10: unsupported OpenQASM version '4.0': 2.0 and 3 are supported", error.ToString());
    }

    [Theory]
    [InlineData("foo q[0];", 3, 1, "unknown gate 'foo'")]
    [InlineData("h r[0];", 3, 3, "undeclared register 'r'")]
    [InlineData("h q[5];", 3, 5, "index 5 is out of range for register 'q' of size 2")]
    [InlineData("h q[-1];", 3, 5, "index -1 is out of range")]
    [InlineData("h c[0];", 3, 3, "'c' is a classical register; a quantum register is expected here")]
    [InlineData("rx q[0];", 3, 1, "gate 'rx' takes 1 parameter, got 0")]
    [InlineData("h(0.5) q[0];", 3, 1, "gate 'h' takes no parameters, got 1")]
    [InlineData("cx q[0];", 3, 1, "gate 'cx' takes 2 qubits, got 1")]
    [InlineData("cx q[1], q[1];", 3, 10, "duplicate qubit operand: qubit q[1]")]
    [InlineData("ccx q[0], q[1], q[0];", 3, 17, "duplicate qubit operand")]
    [InlineData("measure q -> c[0];", 3, 1, "both sides indexed or both whole registers")]
    [InlineData("measure c[0] -> q[0];", 3, 9, "'c' is a classical register")]
    [InlineData("measure q[0];", 3, 13, "a measurement needs a target")]
    [InlineData("h q[0]", 3, 7, "expected ';' after the gate call but found end of input")]
    [InlineData("h q[0]\nx q[1];", 4, 1, "expected ';' after the gate call but found 'x'")]
    [InlineData("qreg r[2];\nqreg r[3];", 4, 6, "'r' is already declared at line 4, column 6")]
    [InlineData("include \"other.inc\";", 3, 1, "include \"other.inc\" is not supported")]
    [InlineData("h q[0]; /* never closed", 3, 9, "unterminated comment")]
    [InlineData("include \"qelib1.inc;", 3, 9, "unterminated string")]
    [InlineData("h q[0] ? x;", 3, 8, "unexpected character '?'")]
    [InlineData("qubit r;", 3, 1, "'qubit' requires OpenQASM 3")]
    [InlineData("c[0] = measure q[0];", 3, 1, "requires OpenQASM 3")]
    [InlineData("OPENQASM 2.0;", 3, 1, "may appear only once")]
    [InlineData("include \"qelib1.inc\"; include \"qelib1.inc\"; x q[0]; 5;", 3, 53, "expected a statement but found number '5'")]
    [InlineData("h q[0:1];", 3, 6, "register slices")]
    [InlineData("cx q[0], q[1]; cx q, c;", 3, 22, "'c' is a classical register")]
    [InlineData("x q[1e400];", 3, 5, "too large")]
    [InlineData("x q[0.5];", 3, 5, "index must be an integer")]
    [InlineData("if(c==1) x q[0]; x q[0]; if(q==1) x q[0];", 3, 29, "'q' is a quantum register")]
    [InlineData("measure q -> c2;", 3, 14, "undeclared register 'c2'")]
    [InlineData("reset c;", 3, 7, "'c' is a classical register")]
    [InlineData("barrier q, x;", 3, 12, "undeclared register 'x'")]
    public void OpenQasm2_error_names_its_line_and_column(string body, int line, int column, string message)
    {
        // Registers are declared on line 3, so the body starts on line 4: the line numbers above count from the body's first line as 3.
        var error = Qasm.Error(Qasm.Header2 + "qreg q[2]; creg c[2];\n" + body);

        Assert.Equal((line + 1, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("while (true) { x q; }", 1, "'while' is not supported")]
    [InlineData("def f() { }", 1, "'def' is not supported")]
    [InlineData("ctrl @ x q, q;", 1, "gate modifiers")]
    [InlineData("inv @ x q;", 1, "gate modifiers")]
    [InlineData("x @ q;", 1, "gate modifiers")]
    [InlineData("delay[100ns] q;", 1, "'delay' is not supported")]
    [InlineData("x q; rz(100ns) q;", 9, "duration literals (and delay/timing statements) are not supported")]
    [InlineData("x $0;", 3, "physical qubits")]
    [InlineData("#pragma braket verbatim", 1, "directives such as '#pragma'")]
    [InlineData("c[0] = 1;", 8, "classical assignments are not supported")]
    [InlineData("include \"qelib1.inc\";", 1, "only the built-in \"stdgates.inc\"")]
    [InlineData("x q; rx(1ms) q;", 9, "duration literals")]
    [InlineData("box { x q; }", 1, "'box' is not supported")]
    public void Unsupported_OpenQasm3_construct_is_refused_clearly(string statement, int column, string message)
    {
        var error = Qasm.Error(Qasm.Header3 + "qubit q;\nbit[2] c;\n" + statement);

        Assert.Equal((5, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_longer_than_the_limit_is_refused_before_lexing()
    {
        var error = Qasm.Error("OPENQASM 2.0;" + new string(' ', 100), new QasmParseOptions { MaxSourceLength = 50 });

        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Contains("the limit is 50", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_returns_the_circuit_or_the_error()
    {
        Assert.True(QasmParser.TryParse(Qasm.Header2 + "qreg q[1];\nx q[0];", out var circuit, out var noError));
        Assert.Equal(["X 0"], CircuitText.Lines(circuit!));
        Assert.Null(noError);

        Assert.False(QasmParser.TryParse(Qasm.Header2 + "qreg q[1];\ny r[0];", out var none, out var error));
        Assert.Null(none);
        Assert.Equal("line 4, column 3: undeclared register 'r'", error!.ToString());
    }

    [Fact]
    public void Nonsensical_options_are_rejected_as_argument_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QasmParser.Parse("OPENQASM 2.0;", new QasmParseOptions { MaxQubits = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => QasmParser.Parse("OPENQASM 2.0;", new QasmParseOptions { MaxGateDefinitionDepth = 100_000 }));
    }

    [Fact]
    public void Byte_order_mark_and_unicode_blanks_are_skipped() =>
        Assert.Equal(["X 0"], CircuitText.Lines(QasmParser.Parse("\uFEFFOPENQASM 2.0;\u00A0include \"qelib1.inc\";\nqreg q[1];\u2003x q[0];")));

    [Fact]
    public void Relative_phase_toffolis_are_refused_with_the_reason()
    {
        var error = Qasm.Error(Qasm.Header2 + "qreg q[3];\nrccx q[0], q[1], q[2];");

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Contains("relative-phase Toffoli", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_count_characters_from_1_after_tabs_and_crlf_line_ends()
    {
        var error = Qasm.Error("OPENQASM 2.0;\r\ninclude \"qelib1.inc\";\r\nqreg q[1];\r\n\tfoo q[0];\r\n");

        Assert.Equal((4, 2), (error.Line, error.Column));
    }
}
