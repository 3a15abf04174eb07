using System.Text;
using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Tests;

/// <summary>Hand-written hostile programs: each must be refused with a <see cref="QasmException"/>, quickly and without exhausting the stack or memory.</summary>
public sealed class AdversarialTests
{
    [Fact]
    public void Deeply_nested_parentheses_are_refused_instead_of_overflowing_the_stack()
    {
        var error = Qasm.Error($"{Qasm.Header2}qreg q[1];\nrx({new string('(', 100_000)}1{new string(')', 100_000)}) q[0];");

        Assert.Equal(4, error.Line);
        Assert.Contains("nesting deeper than 200 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_chain_of_unary_minus_is_refused_instead_of_overflowing_the_stack()
    {
        var error = Qasm.Error($"{Qasm.Header2}qreg q[1];\nrx({new string('-', 100_000)}1) q[0];");

        Assert.Contains("nesting deeper", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+")]
    [InlineData("*")]
    [InlineData("-")]
    [InlineData("/")]
    public void Long_operator_chain_is_refused_instead_of_overflowing_the_stack_when_evaluated(string op)
    {
        var chain = string.Join(op, Enumerable.Repeat("1", 100_000));

        var error = Qasm.Error($"{Qasm.Header2}qreg q[1];\nrx({chain}) q[0];");

        Assert.Equal(4, error.Line);
        Assert.Contains("expression nesting deeper than 200 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Operator_chain_within_the_limit_is_evaluated() =>
        Assert.Equal(150.0, Qasm.SingleGate(Qasm.Parse2($"qreg q[1];\nrx({string.Join('+', Enumerable.Repeat("1", 150))}) q[0];")).Parameters[0]);

    [Fact]
    public void Deeply_nested_blocks_are_refused()
    {
        var source = new StringBuilder(Qasm.Header3).Append("qubit q;\nbit c;\n");
        source.Insert(source.Length, "if (c == 1) {\n", 10_000).Append("x q;\n").Insert(source.Length, "}\n", 10_000);

        var error = Qasm.Error(source.ToString());

        Assert.Contains("nesting deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_million_iteration_loops_are_refused_at_the_outer_loop()
    {
        // With the budget lowered to 500,000 the outer range alone (10^6 iterations) is over it, so the program is
        // refused before any operation is emitted; the million-by-million product is never attempted.
        var error = Qasm.Error(
            Qasm.Header3 + "qubit q;\nfor int i in [1:1000000] {\n  for int j in [1:1000000] { x q; }\n}",
            new QasmParseOptions { MaxOperations = 500_000 });

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Contains("more than 500000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_empty_million_iteration_loops_exhaust_the_default_iteration_budget()
    {
        var error = Qasm.Error(Qasm.Header3 + "qubit q;\nfor int i in [1:1000000] {\n  for int j in [1:1000000] { }\n}");

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Contains("run more than 5000000 iterations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loop_whose_unrolled_operations_exceed_the_limit_is_refused()
    {
        var error = Qasm.Error(Qasm.Header3 + "qubit q;\nfor int i in [1:1000] { x q; x q; x q; }", new QasmParseOptions { MaxOperations = 2_000 });

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Contains("expands to more than 2000 operations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_loop_with_a_huge_range_is_refused_without_iterating()
    {
        var error = Qasm.Error(Qasm.Header3 + "qubit q;\nfor int i in [0:1000000000000000] { }");

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Contains("run more than 5000000 iterations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recursive_gate_is_refused()
    {
        var error = Qasm.Error(Qasm.Header2 + "gate loop a { h a; loop a; }\nqreg q[1];\nloop q[0];");

        Assert.Equal((3, 20), (error.Line, error.Column));
        Assert.Contains("recursive gate definitions are not allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gate_chain_deeper_than_the_default_limit_is_refused()
    {
        var source = new StringBuilder(Qasm.Header2).Append("gate g0 a { x a; }\n");
        for (var i = 1; i <= 100; i++)
        {
            source.Append($"gate g{i} a {{ g{i - 1} a; }}\n");
        }

        var error = Qasm.Error(source.ToString());

        Assert.Contains("gate 'g64' nests gate definitions 65 levels deep; the limit is 64", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qreg q[2000000000];", "the limit is 100000")]
    [InlineData("qreg q[1e300];", "out of range")]
    [InlineData("qreg q[0xFFFFFFFFFFFFFFFFFF];", "too large")]
    [InlineData("qreg q[1];\nrx(1e309) q[0];", "too large")]
    [InlineData("qreg q[1];\nrx(1e308*10) q[0];", "not a finite number")]
    [InlineData("qreg q[1];\nx q[18446744073709551616];", "out of range")]
    public void Huge_sizes_and_numbers_are_refused(string body, string message) =>
        Assert.Contains(message, Qasm.Error(Qasm.Header2 + body).Message, StringComparison.Ordinal);

    /// <summary>
    /// Nesting just inside every limit (blocks and parentheses share the 200-level budget; gate chains have their
    /// own 64; operator chains their own 200), parsed on a thread with a 512 KiB stack (a third of .NET's default
    /// for secondary threads on Linux), must complete: the limits leave room for the deepest accepted program.
    /// </summary>
    [Fact]
    public void Deepest_accepted_nesting_fits_a_small_thread_stack()
    {
        var source = new StringBuilder(Qasm.Header3).Append("qubit q;\nbit c;\ngate g0 a { x a; }\n");
        for (var i = 1; i < 64; i++)
        {
            source.Append($"gate g{i} a {{ g{i - 1} a; }}\n");
        }
        source.Insert(source.Length, "if (c == 1) {\n", 100).Append("g63 q;\n");
        source.Append($"rx({new string('(', 95)}1{new string(')', 95)} + {string.Join('+', Enumerable.Repeat("1", 190))}) q;\n");
        source.Insert(source.Length, "}\n", 100);
        Circuit? circuit = null;
        Exception? failure = null;

        var thread = new Thread(
            () =>
            {
                try
                {
                    circuit = QasmParser.Parse(source.ToString());
                }
                catch (QasmException exception)
                {
                    failure = exception;
                }
            },
            maxStackSize: 512 * 1024);
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.Single(circuit!.Operations);
    }

    [Fact]
    public void Megabyte_identifier_is_reported_with_a_short_message()
    {
        var error = Qasm.Error($"{Qasm.Header2}qreg q[1];\n{new string('g', 1_000_000)} q[0];");

        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.True(error.Message.Length < 200, $"message of {error.Message.Length} characters");
    }

    [Fact]
    public void Binary_garbage_is_refused_with_a_position()
    {
        var random = new Random(42);
        var bytes = new byte[4096];
        random.NextBytes(bytes);

        var error = Qasm.Error("OPENQASM 2.0;\n" + Encoding.Latin1.GetString(bytes));

        Assert.True(error.Line >= 2);
    }
}
