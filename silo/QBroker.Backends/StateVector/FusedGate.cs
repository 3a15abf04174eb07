using System.Numerics;

namespace QBroker.Backends.StateVector;

/// <summary>
/// One pass over the state: a unitary on <see cref="Qubits"/> (ascending), row-major, local index bit j belonging to
/// Qubits[j]. <see cref="Diagonal"/> holds the diagonal when every off-diagonal entry is zero, so the kernel can
/// skip the matrix product.
/// </summary>
public sealed class FusedGate
{
    public FusedGate(int[] qubits, Complex[] matrix)
    {
        Qubits = qubits;
        Matrix = matrix;
        var dimension = 1 << qubits.Length;
        Diagonal = GateMatrices.IsDiagonal(matrix, dimension)
            ? Enumerable.Range(0, dimension).Select(i => matrix[i * dimension + i]).ToArray()
            : null;
    }

    public int[] Qubits { get; }

    public Complex[] Matrix { get; }

    public Complex[]? Diagonal { get; }

    /// <summary>How many source gates were multiplied into this one (1 when not fused).</summary>
    public int SourceGateCount { get; init; } = 1;
}
