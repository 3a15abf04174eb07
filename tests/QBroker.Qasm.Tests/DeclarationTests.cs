namespace QBroker.Qasm.Tests;

public sealed class DeclarationTests
{
    private static readonly QasmParseOptions ThetaInput = new() { Inputs = new Dictionary<string, double> { ["theta"] = 0.25, ["n"] = 2 } };

    [Fact]
    public void OpenQasm3_registers_single_qubits_and_legacy_registers_share_one_numbering()
    {
        var circuit = Qasm.Parse3("qubit[2] q;\nqubit a;\nqreg r[3];\nbit[2] c;\nbit b;\ncreg d[4];");

        Assert.Equal("q[q:0+2 a:2+1 r:3+3] c[c:0+2 b:2+1 d:3+4]", CircuitText.Registers(circuit));
        Assert.Equal((6, 7), (circuit.QubitCount, circuit.ClbitCount));
    }

    [Fact]
    public void OpenQasm3_measure_forms_all_lower_to_measure_operations() =>
        Assert.Equal(
            ["measure 0->0", "measure 1->1", "measure 1->0", "measure 0->1"],
            CircuitText.Lines(Qasm.Parse3("qubit[2] q;\nbit[2] c;\nc = measure q;\nc[0] = measure q[1];\nmeasure q[0] -> c[1];")));

    [Fact]
    public void Input_float_is_bound_from_the_options() =>
        Assert.Equal(["RX(0.25) 0", "RY(0.5) 0"], CircuitText.Lines(Qasm.Parse3("input float[64] theta;\nqubit q;\nrx(theta) q;\nry(2*theta) q;", ThetaInput)));

    [Fact]
    public void Input_angle_and_int_inputs_are_bound_and_usable_as_sizes() =>
        Assert.Equal(
            ["RZ(0.25) 0", "RZ(0.25) 1"],
            CircuitText.Lines(Qasm.Parse3("input angle theta;\ninput int n;\nqubit[n] q;\nrz(theta) q;", ThetaInput)));

    [Fact]
    public void Missing_input_is_refused_at_its_name()
    {
        var error = Qasm.Error(Qasm.Header3 + "input float[64] phi;");

        Assert.Equal((3, 17), (error.Line, error.Column));
        Assert.Contains("no value given for input 'phi'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constants_are_evaluated_in_order_and_may_size_registers() =>
        Assert.Equal(
            ["RX(0.75) 2"],
            CircuitText.Lines(Qasm.Parse3("const int n = 3;\nconst float a = n / 4;\nconst angle b = a;\nqubit[n] q;\nrx(b) q[n - 1];")));

    [Theory]
    [InlineData("const int n = 1.5;", 11, "declared int but its value 1.5 is not an integer")]
    [InlineData("const uint n = -1;", 12, "declared uint but its value -1 is negative")]
    [InlineData("const bool b = 1;", 7, "'bool' is not a supported type")]
    [InlineData("const int pi = 3;", 11, "'pi' is a built-in constant")]
    [InlineData("qubit[2] q;\nconst int q = 1;", 11, "'q' is already declared at line 3, column 10")]
    [InlineData("int x = 1;", 1, "classical variables ('int') are not supported")]
    [InlineData("qubit q[2];", 8, "the size goes after the type")]
    [InlineData("bit[2] c = \"01\";", 10, "initialisers on declarations are not supported")]
    [InlineData("qubit[0] q;", 7, "register size 0 is out of range")]
    [InlineData("qubit[1.5] q;", 7, "register size must be an integer")]
    public void Invalid_declaration_is_refused_at_its_position(string statement, int column, string message)
    {
        var error = Qasm.Error(Qasm.Header3 + statement);

        Assert.Equal(statement.Count(c => c == '\n') + 3, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redeclaring_a_register_as_the_other_kind_is_refused()
    {
        var error = Qasm.Error(Qasm.Header2 + "qreg q[2];\ncreg q[2];");

        Assert.Equal((4, 6), (error.Line, error.Column));
        Assert.Equal("'q' is already declared at line 3, column 6", error.Message);
    }

    [Fact]
    public void Register_count_beyond_the_qubit_limit_is_refused()
    {
        var error = Qasm.Error(Qasm.Header2 + "qreg a[60];\nqreg b[50];", new QasmParseOptions { MaxQubits = 100 });

        Assert.Equal((4, 8), (error.Line, error.Column));
        Assert.Contains("would declare 110 qubits; the limit is 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_register_size_is_refused_without_allocating_it()
    {
        var error = Qasm.Error(Qasm.Header2 + "qreg q[99999999999999999999];\ncreg c[4000000000];");

        Assert.Equal((3, 8), (error.Line, error.Column));
        Assert.Contains("out of range", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit is 100000", Qasm.Error(Qasm.Header2 + "creg c[4000000000];").Message, StringComparison.Ordinal);
    }
}
