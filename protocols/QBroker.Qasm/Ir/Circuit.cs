namespace QBroker.Qasm.Ir;

/// <summary>A register as declared: its name and where its bits start in the global numbering.</summary>
public sealed record Register(string Name, int Offset, int Size);

/// <summary>
/// A parsed, flattened circuit: loops unrolled, user gates inlined, inputs bound. Qubit <c>k</c> of the state is
/// bit <c>k</c> of a basis-state index (qubit 0 least significant, as in Qiskit). Classical registers keep their
/// declaration order, which fixes how counts are printed: last declared register leftmost, highest bit leftmost
/// within a register, registers separated by a space.
/// </summary>
public sealed record Circuit(
    int QubitCount,
    int ClbitCount,
    IReadOnlyList<Register> QuantumRegisters,
    IReadOnlyList<Register> ClassicalRegisters,
    IReadOnlyList<Operation> Operations)
{
    /// <summary>Formats classical bits in the Qiskit order, e.g. "01 110" for registers c1 (2 bits) declared after c0 (3 bits).</summary>
    public string FormatBits(ReadOnlySpan<bool> clbits)
    {
        var text = new System.Text.StringBuilder(ClbitCount + ClassicalRegisters.Count);
        for (var r = ClassicalRegisters.Count - 1; r >= 0; r--)
        {
            var register = ClassicalRegisters[r];
            for (var b = register.Size - 1; b >= 0; b--)
            {
                text.Append(clbits[register.Offset + b] ? '1' : '0');
            }
            if (r > 0)
            {
                text.Append(' ');
            }
        }
        return text.ToString();
    }
}
