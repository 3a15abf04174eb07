using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Semantics;

/// <summary>A name declared at the top level of a program (registers and scalars share one namespace; gates have their own).</summary>
internal abstract record DeclaredName(SourcePosition Position);

internal sealed record QuantumRegisterName(SourcePosition Position, Register Register) : DeclaredName(Position);

internal sealed record ClassicalRegisterName(SourcePosition Position, Register Register) : DeclaredName(Position);

/// <summary>A <c>const</c> or <c>input</c> scalar with its bound value.</summary>
internal sealed record ScalarName(SourcePosition Position, double Value) : DeclaredName(Position);
