namespace QBroker.Qasm.Syntax;

/// <summary>
/// The statement tree the parser produces and <see cref="Semantics.CircuitBuilder"/> lowers. Positions point at the
/// first token of each construct so semantic errors can name their line and column.
/// </summary>
internal abstract class Statement(SourcePosition position)
{
    public SourcePosition Position { get; } = position;
}

/// <summary>A qubit or bit reference: a whole register (<see cref="Index"/> null) or one element of it.</summary>
internal sealed record Operand(SourcePosition Position, string Name, Expression? Index);

internal sealed class IncludeStatement(SourcePosition position, string fileName) : Statement(position)
{
    public string FileName { get; } = fileName;
}

/// <summary><c>qreg q[n];</c>, <c>qubit[n] q;</c>, <c>creg c[n];</c>, <c>bit c;</c>. A null <see cref="Size"/> declares one (qu)bit.</summary>
internal sealed class RegisterDeclaration(SourcePosition position, bool isQuantum, string name, SourcePosition namePosition, Expression? size)
    : Statement(position)
{
    public bool IsQuantum { get; } = isQuantum;

    public string Name { get; } = name;

    public SourcePosition NamePosition { get; } = namePosition;

    public Expression? Size { get; } = size;
}

internal enum ScalarType
{
    Int,
    UInt,
    Float,
    Angle,
}

/// <summary><c>const float[64] x = expr;</c>: <see cref="Value"/> is set. <c>input angle x;</c>: it is null and the value comes from the options.</summary>
internal sealed class ScalarDeclaration(SourcePosition position, ScalarType type, string name, SourcePosition namePosition, Expression? value)
    : Statement(position)
{
    public ScalarType Type { get; } = type;

    public string Name { get; } = name;

    public SourcePosition NamePosition { get; } = namePosition;

    public Expression? Value { get; } = value;
}

internal sealed class GateDefinition(
    SourcePosition position,
    string name,
    IReadOnlyList<Operand> parameters,
    IReadOnlyList<Operand> qubits,
    IReadOnlyList<Statement> body) : Statement(position)
{
    public string Name { get; } = name;

    /// <summary>Parameter names with their positions (never indexed).</summary>
    public IReadOnlyList<Operand> Parameters { get; } = parameters;

    /// <summary>Qubit argument names with their positions (never indexed).</summary>
    public IReadOnlyList<Operand> Qubits { get; } = qubits;

    /// <summary>Only <see cref="GateCall"/> and <see cref="BarrierStatement"/>.</summary>
    public IReadOnlyList<Statement> Body { get; } = body;
}

internal sealed class GateCall(SourcePosition position, string name, IReadOnlyList<Expression> arguments, IReadOnlyList<Operand> qubits)
    : Statement(position)
{
    public string Name { get; } = name;

    public IReadOnlyList<Expression> Arguments { get; } = arguments;

    public IReadOnlyList<Operand> Qubits { get; } = qubits;
}

internal sealed class MeasureStatement(SourcePosition position, Operand qubit, Operand bit) : Statement(position)
{
    public Operand Qubit { get; } = qubit;

    public Operand Bit { get; } = bit;
}

internal sealed class ResetStatement(SourcePosition position, Operand qubit) : Statement(position)
{
    public Operand Qubit { get; } = qubit;
}

/// <summary>An empty operand list means every qubit (OpenQASM 3 <c>barrier;</c>, or every argument inside a gate body).</summary>
internal sealed class BarrierStatement(SourcePosition position, IReadOnlyList<Operand> qubits) : Statement(position)
{
    public IReadOnlyList<Operand> Qubits { get; } = qubits;
}

/// <summary>
/// <c>target == value</c> when <see cref="Equal"/>, <c>target != value</c> otherwise. <c>if (c)</c> is parsed as
/// <c>c != 0</c> and <c>if (!c)</c> as <c>c == 0</c>; a null <see cref="Value"/> means 0.
/// </summary>
internal sealed record ConditionSyntax(SourcePosition Position, Operand Target, Expression? Value, bool Equal);

internal sealed class IfStatement(SourcePosition position, ConditionSyntax condition, IReadOnlyList<Statement> then, IReadOnlyList<Statement> otherwise)
    : Statement(position)
{
    public ConditionSyntax Condition { get; } = condition;

    public IReadOnlyList<Statement> Then { get; } = then;

    public IReadOnlyList<Statement> Else { get; } = otherwise;
}

/// <summary>One <c>case v1, v2 { … }</c> of a switch.</summary>
internal sealed record SwitchCase(SourcePosition Position, IReadOnlyList<Expression> Values, IReadOnlyList<Statement> Body);

/// <summary>OpenQASM 3 <c>switch</c> on a classical register read as an unsigned integer; <see cref="Default"/> is empty when absent.</summary>
internal sealed class SwitchStatement(SourcePosition position, Operand target, IReadOnlyList<SwitchCase> cases, IReadOnlyList<Statement> otherwise)
    : Statement(position)
{
    public Operand Target { get; } = target;

    public IReadOnlyList<SwitchCase> Cases { get; } = cases;

    public IReadOnlyList<Statement> Default { get; } = otherwise;
}

/// <summary>What a <c>for</c> loop iterates over: an inclusive range <c>[start:step:end]</c> or a set <c>{a, b, c}</c>.</summary>
internal abstract record LoopIterable(SourcePosition Position);

internal sealed record RangeIterable(SourcePosition Position, Expression Start, Expression? Step, Expression End) : LoopIterable(Position);

internal sealed record SetIterable(SourcePosition Position, IReadOnlyList<Expression> Values) : LoopIterable(Position);

internal sealed class ForStatement(SourcePosition position, bool isUnsigned, string variable, LoopIterable iterable, IReadOnlyList<Statement> body)
    : Statement(position)
{
    public bool IsUnsigned { get; } = isUnsigned;

    public string Variable { get; } = variable;

    public LoopIterable Iterable { get; } = iterable;

    public IReadOnlyList<Statement> Body { get; } = body;
}

/// <summary>The whole program: its declared version and its top-level statements, parsed lazily as they are enumerated (once).</summary>
internal sealed record ProgramSyntax(QasmVersion Version, IEnumerable<Statement> Statements);
