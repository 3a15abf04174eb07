namespace QBroker.Qasm.Syntax;

/// <summary>Resolves the names an expression may use (constants, inputs, loop variables, gate parameters).</summary>
internal interface IValueScope
{
    /// <summary>The value of <paramref name="name"/>; throws a <see cref="QasmException"/> at <paramref name="position"/> when it has none.</summary>
    double ValueOf(string name, SourcePosition position);
}
