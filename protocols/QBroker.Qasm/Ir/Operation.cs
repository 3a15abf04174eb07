namespace QBroker.Qasm.Ir;

/// <summary>One step of a flattened circuit. Qubits and classical bits are global indices (see <see cref="Circuit"/>).</summary>
public abstract record Operation;

/// <summary>A standard gate on the given qubits (control qubits first, as written in the source).</summary>
public sealed record GateOperation(StandardGate Gate, IReadOnlyList<int> Qubits, IReadOnlyList<double> Parameters) : Operation;

/// <summary>Measure one qubit in the computational basis into one classical bit.</summary>
public sealed record MeasureOperation(int Qubit, int Clbit) : Operation;

/// <summary>Reset one qubit to |0⟩.</summary>
public sealed record ResetOperation(int Qubit) : Operation;

/// <summary>A scheduling barrier; no effect on the state, kept so transpilation can respect it.</summary>
public sealed record BarrierOperation(IReadOnlyList<int> Qubits) : Operation;

/// <summary>
/// Classically controlled block: <see cref="Then"/> runs when <see cref="Condition"/> holds at this point of the
/// shot, <see cref="Else"/> otherwise. OpenQASM 2 <c>if(c==k) op;</c> becomes a block with one operation and no else.
/// </summary>
public sealed record ConditionalOperation(ClassicalCondition Condition, IReadOnlyList<Operation> Then, IReadOnlyList<Operation> Else) : Operation;

/// <summary>
/// Holds when the classical bits <c>[FirstClbit, FirstClbit + ClbitCount)</c>, read as an unsigned integer with
/// <c>FirstClbit</c> as the least significant bit, equal <see cref="Value"/>.
/// </summary>
public sealed record ClassicalCondition(int FirstClbit, int ClbitCount, ulong Value)
{
    public bool IsSatisfiedBy(ReadOnlySpan<bool> clbits)
    {
        ulong actual = 0;
        for (var i = 0; i < ClbitCount; i++)
        {
            if (clbits[FirstClbit + i])
            {
                actual |= 1UL << i;
            }
        }
        return actual == Value;
    }
}
