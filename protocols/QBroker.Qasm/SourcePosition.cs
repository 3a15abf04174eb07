namespace QBroker.Qasm;

/// <summary>A 1-based line and column in the source text (columns count UTF-16 characters; a tab is one column).</summary>
internal readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition Start { get; } = new(1, 1);

    public QasmException Error(string message) => new(new QasmError(Line, Column, message));

    public override string ToString() => $"line {Line}, column {Column}";
}
