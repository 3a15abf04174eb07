using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Tests;

/// <summary>Known programs, each written once in OpenQASM 2.0 and once in OpenQASM 3, must lower to the same circuit.</summary>
public sealed class CorpusTests
{
    private static Circuit Load(string file) =>
        QasmParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", file)));

    [Theory]
    [InlineData("ghz")]
    [InlineData("bernstein_vazirani")]
    [InlineData("qft")]
    [InlineData("teleport")]
    [InlineData("adder")]
    public void OpenQasm2_and_OpenQasm3_forms_produce_the_same_circuit(string program)
    {
        var version2 = Load(program + ".qasm");
        var version3 = Load(program + "3.qasm");

        Assert.Equal(CircuitText.Registers(version2), CircuitText.Registers(version3));
        Assert.Equal(CircuitText.Lines(version2), CircuitText.Lines(version3));
    }

    [Fact]
    public void Ghz_is_a_hadamard_then_a_cnot_chain() =>
        Assert.Equal(
            ["H 0", "CX 0,1", "CX 1,2", "CX 2,3", "CX 3,4", "barrier 0,1,2,3,4", "measure 0->0", "measure 1->1", "measure 2->2", "measure 3->3", "measure 4->4"],
            CircuitText.Lines(Load("ghz3.qasm")));

    [Fact]
    public void Bernstein_vazirani_oracle_touches_the_set_bits_of_the_secret()
    {
        var circuit = Load("bernstein_vazirani3.qasm");

        Assert.Equal(["CX 0,4", "CX 1,4", "CX 3,4"], CircuitText.Lines(circuit).Where(line => line.StartsWith("CX", StringComparison.Ordinal)));
        Assert.Equal("q[q:0+4 anc:4+1] c[c:0+4]", CircuitText.Registers(circuit));
    }

    [Fact]
    public void Qft_has_n_hadamards_n_choose_2_phases_and_the_reversal()
    {
        var lines = CircuitText.Lines(Load("qft3.qasm"));

        Assert.Equal(4, lines.Count(line => line.StartsWith("H ", StringComparison.Ordinal)));
        Assert.Equal(6, lines.Count(line => line.StartsWith("CP(", StringComparison.Ordinal)));
        Assert.Contains($"CP({Math.PI / 8:R}) 3,0", lines);
        Assert.Equal(["Swap 0,3", "Swap 1,2"], lines.Where(line => line.StartsWith("Swap", StringComparison.Ordinal)));
    }

    [Fact]
    public void Teleport_corrections_are_conditioned_on_the_two_measured_bits() =>
        Assert.Equal(
            ["if c[0+1]==1 { Z 2 } else {  }", "if c[1+1]==1 { X 2 } else {  }"],
            CircuitText.Lines(Load("teleport3.qasm")).Where(line => line.StartsWith("if", StringComparison.Ordinal)));

    [Fact]
    public void Adder_inlines_each_majority_and_unmajority_into_three_gates()
    {
        var circuit = Load("adder3.qasm");

        // 1 + 4 X gates, 8 user gates of 3 operations each, 1 carry CX, 5 measurements.
        Assert.Equal(5 + 24 + 1 + 5, circuit.Operations.Count);
        Assert.Equal(["CX 1,5", "CX 1,0", "CCX 0,5,1"], CircuitText.Lines(circuit).Skip(5).Take(3));
        Assert.Equal("q[cin:0+1 a:1+4 b:5+4 cout:9+1] c[ans:0+5]", CircuitText.Registers(circuit));
    }
}
