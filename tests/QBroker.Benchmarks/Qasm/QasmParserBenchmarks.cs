using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using QBroker.Qasm;

namespace QBroker.Benchmarks.Qasm;

/// <summary>
/// Parsing speed of QasmParser on 100,000-gate programs. The baseline splits the same OpenQASM 2.0 source into
/// lines, a cheap pass over the same characters, so the parser's cost is reported as a ratio that survives the
/// noise of a shared machine.
/// </summary>
[MemoryDiagnoser]
public class QasmParserBenchmarks
{
    private const int Gates = 100_000;

    private string _flat2 = string.Empty;
    private string _flat3 = string.Empty;
    private string _loop3 = string.Empty;
    private string _userGates2 = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _flat2 = FlatProgram("OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[20];\ncreg c[20];\n", "u1");
        _flat3 = FlatProgram("OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[20] q;\nbit[20] c;\n", "p");
        // 25,000 iterations of four gates: 100,000 operations from a few lines of source.
        _loop3 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\nqubit[20] q;\n" +
            $"for int i in [0:{(Gates / 4) - 1}] {{\n  h q[i % 20];\n  cx q[i % 10], q[10 + i % 10];\n  rz(i * pi / 1000) q[(i + 3) % 20];\n  u3(0.1, 0.2, -0.3) q[(i + 7) % 20];\n}}\n";
        // 20,000 calls of a five-gate user gate: 100,000 operations through inlining.
        var calls = new StringBuilder("OPENQASM 2.0;\ninclude \"qelib1.inc\";\ngate block(t) a, b { h a; cx a, b; rz(t / 2) b; cx a, b; h a; }\nqreg q[20];\n");
        var random = new Random(7);
        for (var i = 0; i < Gates / 5; i++)
        {
            var a = random.Next(20);
            calls.Append(CultureInfo.InvariantCulture, $"block({random.NextDouble():R}) q[{a}], q[{(a + 1 + random.Next(19)) % 20}];\n");
        }
        _userGates2 = calls.ToString();
    }

    /// <summary>A program of random h, cx, phase and u3 calls with literal parameters, as exported by transpilers.</summary>
    private static string FlatProgram(string header, string phaseGate)
    {
        var text = new StringBuilder(header);
        var random = new Random(20261125);
        for (var i = 0; i < Gates; i++)
        {
            switch (random.Next(4))
            {
                case 0:
                    text.Append(CultureInfo.InvariantCulture, $"h q[{random.Next(20)}];\n");
                    break;
                case 1:
                    text.Append(CultureInfo.InvariantCulture, $"cx q[{random.Next(10)}], q[{10 + random.Next(10)}];\n");
                    break;
                case 2:
                    text.Append(CultureInfo.InvariantCulture, $"{phaseGate}({random.NextDouble():R}*pi/2) q[{random.Next(20)}];\n");
                    break;
                default:
                    text.Append(CultureInfo.InvariantCulture, $"u3(0.1, 0.2, -0.3) q[{random.Next(20)}];\n");
                    break;
            }
        }
        return text.ToString();
    }

    [Benchmark(Baseline = true)]
    public int SplitLinesOfFlat2() => _flat2.Split('\n').Length;

    [Benchmark]
    public int ParseFlat2() => QasmParser.Parse(_flat2).Operations.Count;

    [Benchmark]
    public int ParseFlat3() => QasmParser.Parse(_flat3).Operations.Count;

    [Benchmark]
    public int ParseLoop3() => QasmParser.Parse(_loop3).Operations.Count;

    [Benchmark]
    public int ParseUserGates2() => QasmParser.Parse(_userGates2).Operations.Count;
}
