namespace QBroker.Qasm;

/// <summary>What is wrong with a program and where (1-based line and column).</summary>
public sealed record QasmError(int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>Thrown by the parser; carries the first error found.</summary>
public sealed class QasmException(QasmError error) : Exception(error.ToString())
{
    public QasmError Error { get; } = error;
}
