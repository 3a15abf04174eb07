using System.Numerics;

namespace QBroker.Backends.StateVector;

/// <summary>
/// One pass over the state: a linear operator on <see cref="Qubits"/> (ascending), local index bit j belonging to
/// Qubits[j]; a unitary, or a renormalised Kraus operator when noise is unravelled into trajectories.
/// Either <see cref="Diagonal"/> (2^k entries) is set, for a diagonal unitary the kernel applies by one multiplication
/// per amplitude, or <see cref="Matrix"/> (row-major 2^k × 2^k) for a dense one.
/// </summary>
public sealed class FusedGate
{
    /// <summary>A gate given by its full matrix; stored as a diagonal when every off-diagonal entry is zero.</summary>
    public FusedGate(int[] qubits, Complex[] matrix)
    {
        Qubits = qubits;
        var dimension = 1 << qubits.Length;
        if (GateMatrices.IsDiagonal(matrix, dimension))
        {
            Diagonal = Enumerable.Range(0, dimension).Select(i => matrix[i * dimension + i]).ToArray();
        }
        else
        {
            Matrix = matrix;
        }
    }

    private FusedGate(int[] qubits, Complex[] diagonal, int sourceGateCount)
    {
        Qubits = qubits;
        Diagonal = diagonal;
        SourceGateCount = sourceGateCount;
    }

    /// <summary>A diagonal unitary given by its diagonal, without ever building the 2^k × 2^k matrix.</summary>
    public static FusedGate FromDiagonal(int[] qubits, Complex[] diagonal, int sourceGateCount = 1) =>
        diagonal.Length == 1 << qubits.Length
            ? new(qubits, diagonal, sourceGateCount)
            : throw new ArgumentException($"A diagonal on {qubits.Length} qubits has {1 << qubits.Length} entries.", nameof(diagonal));

    public int[] Qubits { get; }

    /// <summary>The dense matrix; null when the gate is diagonal.</summary>
    public Complex[]? Matrix { get; }

    /// <summary>The diagonal; null when the gate is dense.</summary>
    public Complex[]? Diagonal { get; }

    /// <summary>How many source gates were multiplied into this one (1 when not fused).</summary>
    public int SourceGateCount { get; init; } = 1;
}
