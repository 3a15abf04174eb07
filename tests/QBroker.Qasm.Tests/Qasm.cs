using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Tests;

/// <summary>Helpers that wrap a program body in a header so tests show only what they are about.</summary>
internal static class Qasm
{
    public const string Header2 = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\n";

    public const string Header3 = "OPENQASM 3.0;\ninclude \"stdgates.inc\";\n";

    public static Circuit Parse2(string body, QasmParseOptions? options = null) => QasmParser.Parse(Header2 + body, options);

    public static Circuit Parse3(string body, QasmParseOptions? options = null) => QasmParser.Parse(Header3 + body, options);

    public static QasmError Error(string source, QasmParseOptions? options = null)
    {
        var exception = Assert.Throws<QasmException>(() => QasmParser.Parse(source, options));
        return exception.Error;
    }

    public static GateOperation SingleGate(Circuit circuit) => Assert.IsType<GateOperation>(Assert.Single(circuit.Operations));
}
