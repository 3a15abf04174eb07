using QBroker.Qasm.Ir;
using QBroker.Qasm.Semantics;
using QBroker.Qasm.Syntax;

namespace QBroker.Qasm;

/// <summary>
/// Parses OpenQASM 2.0 and the commonly used OpenQASM 3 subset into a flat <see cref="Circuit"/>. The version is
/// taken from the mandatory <c>OPENQASM</c> header. Every problem, syntactic or semantic, is reported as a
/// <see cref="QasmError"/> with a 1-based line and column.
/// </summary>
public static class QasmParser
{
    /// <summary>Parses <paramref name="source"/>; throws <see cref="QasmException"/> at the first error.</summary>
    public static Circuit Parse(string source, QasmParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= QasmParseOptions.Default;
        options.Validate();
        if (source.Length > options.MaxSourceLength)
        {
            throw SourcePosition.Start.Error(
                $"the program is {source.Length} characters long; the limit is {options.MaxSourceLength} (MaxSourceLength)");
        }
        var program = Parser.Parse(source);
        return CircuitBuilder.Build(program, options);
    }

    /// <summary>Parses <paramref name="source"/>; returns false with the first error instead of throwing.</summary>
    public static bool TryParse(string source, out Circuit? circuit, out QasmError? error, QasmParseOptions? options = null)
    {
        try
        {
            circuit = Parse(source, options);
            error = null;
            return true;
        }
        catch (QasmException exception)
        {
            circuit = null;
            error = exception.Error;
            return false;
        }
    }
}
