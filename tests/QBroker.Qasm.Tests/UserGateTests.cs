namespace QBroker.Qasm.Tests;

public sealed class UserGateTests
{
    [Fact]
    public void User_gate_is_inlined_with_its_arguments_mapped_to_the_call_operands()
    {
        var circuit = Qasm.Parse2("gate bell a, b { h a; cx a, b; }\nqreg q[3];\nbell q[2], q[0];");

        Assert.Equal(["H 2", "CX 2,0"], CircuitText.Lines(circuit));
    }

    [Fact]
    public void Parameters_are_substituted_into_body_expressions()
    {
        var circuit = Qasm.Parse2("gate rot(theta, phi) a { rz(theta/2) a; ry(phi*theta) a; u3(theta, phi, -theta) a; }\nqreg q[1];\nrot(0.5, 4) q[0];");

        Assert.Equal(["RZ(0.25) 0", "RY(2) 0", "U(0.5,4,-0.5) 0"], CircuitText.Lines(circuit));
    }

    [Fact]
    public void Nested_user_gates_inline_recursively_with_computed_parameters()
    {
        const string Body = """
            gate inner(x) a, b { cu1(x) a, b; rz(2*x) b; }
            gate outer(y) a, b, c { inner(y + 1) a, b; inner(y) c, a; }
            qreg q[3];
            outer(0.5) q[0], q[1], q[2];
            """;

        var circuit = Qasm.Parse2(Body);

        Assert.Equal(["CP(1.5) 0,1", "RZ(3) 1", "CP(0.5) 2,0", "RZ(1) 0"], CircuitText.Lines(circuit));
    }

    [Fact]
    public void User_gate_broadcasts_over_registers()
    {
        var circuit = Qasm.Parse2("gate pair a, b { cx a, b; }\nqreg q[2];\nqreg r[2];\npair q, r;");

        Assert.Equal(["CX 0,2", "CX 1,3"], CircuitText.Lines(circuit));
    }

    [Fact]
    public void Gate_without_parameters_may_use_empty_parentheses_and_a_barrier()
    {
        var circuit = Qasm.Parse2("gate g() a, b { x a; barrier a, b; y b; barrier; }\nqreg q[2];\ng() q[1], q[0];");

        Assert.Equal(["X 1", "barrier 1,0", "Y 0", "barrier 1,0"], CircuitText.Lines(circuit));
    }

    [Fact]
    public void Extension_gate_may_be_redefined_by_the_program_and_the_definition_wins()
    {
        var circuit = Qasm.Parse2("gate rzz(t) a, b { cx a, b; u1(t) b; cx a, b; }\nqreg q[2];\nrzz(0.25) q[0], q[1];");

        Assert.Equal(["CX 0,1", "P(0.25) 1", "CX 0,1"], CircuitText.Lines(circuit));
    }

    [Fact]
    public void OpenQasm3_gate_may_use_global_constants_and_gphase()
    {
        var circuit = Qasm.Parse3("const float half = 0.5;\ngate g(t) a { gphase(t); rx(t * half) a; }\nqubit q;\ng(3) q;");

        Assert.Equal(["RX(1.5) 0"], CircuitText.Lines(circuit));
    }

    [Theory]
    [InlineData("gate h a { x a; }", 3, 1, "gate 'h' is already defined by \"qelib1.inc\"")]
    [InlineData("gate U a { x a; }", 3, 1, "gate 'U' is built in")]
    [InlineData("gate g a { x a; }\ngate g a { y a; }", 4, 1, "gate 'g' is already defined at line 3, column 1")]
    [InlineData("gate g a { g a; }", 3, 12, "cannot call itself")]
    [InlineData("gate g a { later a; }\ngate later a { x a; }", 3, 12, "unknown gate 'later'")]
    [InlineData("gate g a { x b; }", 3, 14, "'b' is not a qubit argument of gate 'g'")]
    [InlineData("gate g a { x a[0]; }", 3, 15, "indexing is not allowed inside a gate definition")]
    [InlineData("gate g a { measure a -> c; }", 3, 12, "'measure' is not allowed inside a gate definition")]
    [InlineData("gate g a, b { cx a, a; }", 3, 21, "duplicate qubit operand")]
    [InlineData("gate g a, a { x a; }", 3, 11, "'a' is declared twice")]
    [InlineData("gate g(t, t) a { x a; }", 3, 11, "parameter 't' is declared twice")]
    [InlineData("gate g(t) a { rx(u) a; }", 3, 18, "undeclared identifier 'u' in gate 'g'")]
    [InlineData("gate g a { rx a; }", 3, 12, "gate 'rx' takes 1 parameter, got 0")]
    [InlineData("gate g a { cx a; }", 3, 12, "gate 'cx' takes 2 qubits, got 1")]
    [InlineData("opaque magic a;", 3, 1, "opaque gate 'magic' is not supported")]
    public void Invalid_gate_definition_is_refused_at_its_position(string definition, int line, int column, string message)
    {
        var error = Qasm.Error(Qasm.Header2 + definition);

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Definition_chain_deeper_than_the_limit_is_refused()
    {
        var source = new System.Text.StringBuilder(Qasm.Header2).Append("gate g0 a { x a; }\n");
        for (var i = 1; i <= 10; i++)
        {
            source.Append($"gate g{i} a {{ g{i - 1} a; }}\n");
        }

        var error = Qasm.Error(source.ToString(), new QasmParseOptions { MaxGateDefinitionDepth = 8 });

        Assert.Equal(11, error.Line);
        Assert.Contains("gate 'g8' nests gate definitions 9 levels deep; the limit is 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exponential_gate_bomb_is_refused_before_it_is_expanded()
    {
        var source = new System.Text.StringBuilder(Qasm.Header2).Append("gate g0 a { x a; x a; }\n");
        for (var i = 1; i <= 40; i++)
        {
            source.Append($"gate g{i} a {{ g{i - 1} a; g{i - 1} a; }}\n");
        }
        source.Append("qreg q[1];\ng40 q[0];\n");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Qasm.Error(source.ToString());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((45, 1), (error.Line, error.Column));
        Assert.Contains("more than 5000000 operations", error.Message, StringComparison.Ordinal);
        // 2^42 operations are refused from the precomputed count: parsing this ~1 kB program allocates well under
        // 1 MB, whereas expanding even the allowed 5 million operations would take hundreds of megabytes.
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
    }
}
