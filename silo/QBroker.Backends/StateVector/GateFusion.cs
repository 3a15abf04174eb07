using System.Numerics;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.StateVector;

/// <summary>A unitary gate to fuse: a standard gate on global qubits (in the gate's own order, controls first).</summary>
public sealed record UnitaryGate(StandardGate Gate, int[] Qubits, double[] Parameters);

/// <summary>
/// Decides, before the simulation loop, which consecutive gates share one pass over the state. Each gate joins the
/// earliest open block it may legally join: a block that no later block touches on the gate's qubits (so moving the
/// gate there does not reorder it past anything it could fail to commute with) and whose qubit set stays within the
/// limit. The block's matrix is the product of its gates, embedded in the block's qubits.
/// Diagonal gates (phases, controlled phases, RZ, CZ, RZZ) are kept in diagonal blocks, which may be much wider
/// (<c>maxDiagonalQubits</c>): a diagonal pass costs one multiplication per amplitude whatever its width, whereas a
/// dense block of k qubits costs 2^k; a diagonal gate joins a dense block only when it adds no qubit to it.
/// </summary>
public static class GateFusion
{
    /// <summary>Default width of diagonal blocks: a 2^10-entry table (16 KiB) stays in the L1/L2 cache.</summary>
    public const int DefaultMaxDiagonalQubits = 10;

    public static IReadOnlyList<FusedGate> Fuse(IReadOnlyList<UnitaryGate> gates, int maxQubits, int maxDiagonalQubits = DefaultMaxDiagonalQubits)
    {
        maxDiagonalQubits = Math.Max(maxQubits, maxDiagonalQubits);
        var blocks = new List<Block>();
        var lastBlockOnQubit = new Dictionary<int, int>();
        foreach (var gate in gates)
        {
            if (gate.Gate == StandardGate.I)
            {
                continue;
            }
            var earliest = 0;
            foreach (var q in gate.Qubits)
            {
                if (lastBlockOnQubit.TryGetValue(q, out var b))
                {
                    earliest = Math.Max(earliest, b);
                }
            }
            var diagonal = IsDiagonal(gate);
            var target = -1;
            for (var b = earliest; b < blocks.Count; b++)
            {
                var union = blocks[b].UnionSize(gate.Qubits);
                var fits = blocks[b].IsDiagonal
                    ? diagonal ? union <= maxDiagonalQubits : union <= maxQubits
                    : union <= maxQubits && (!diagonal || union == blocks[b].Width);
                if (fits)
                {
                    target = b;
                    break;
                }
            }
            if (target < 0)
            {
                blocks.Add(new Block());
                target = blocks.Count - 1;
            }
            blocks[target].Add(gate);
            foreach (var q in gate.Qubits)
            {
                lastBlockOnQubit[q] = Math.Max(target, lastBlockOnQubit.GetValueOrDefault(q, -1));
            }
        }
        return blocks.Select(b => b.ToFusedGate()).ToArray();
    }

    /// <summary>One gate on its own, its matrix re-ordered to ascending qubits.</summary>
    public static FusedGate Single(UnitaryGate gate)
    {
        var block = new Block();
        block.Add(gate);
        return block.ToFusedGate();
    }

    private static bool IsDiagonal(UnitaryGate gate) =>
        GateMatrices.IsDiagonal(GateMatrices.For(gate.Gate, gate.Parameters), 1 << gate.Qubits.Length);

    private sealed class Block
    {
        private readonly List<UnitaryGate> _gates = [];
        private readonly SortedSet<int> _qubits = [];

        /// <summary>True while every gate in the block is diagonal (an empty block counts as diagonal).</summary>
        public bool IsDiagonal { get; private set; } = true;

        public int Width => _qubits.Count;

        public int UnionSize(int[] qubits) => _qubits.Count + qubits.Count(q => !_qubits.Contains(q));

        public void Add(UnitaryGate gate)
        {
            _gates.Add(gate);
            _qubits.UnionWith(gate.Qubits);
            IsDiagonal &= GateFusion.IsDiagonal(gate);
        }

        public FusedGate ToFusedGate()
        {
            var qubits = _qubits.ToArray();
            var dimension = 1 << qubits.Length;
            if (IsDiagonal)
            {
                return FusedGate.FromDiagonal(qubits, DiagonalProduct(qubits), _gates.Count);
            }
            var matrix = new Complex[dimension * dimension];
            for (var i = 0; i < dimension; i++)
            {
                matrix[i * dimension + i] = 1;
            }
            foreach (var gate in _gates)
            {
                var positions = gate.Qubits.Select(q => Array.IndexOf(qubits, q)).ToArray();
                LeftMultiply(matrix, qubits.Length, positions, GateMatrices.For(gate.Gate, gate.Parameters));
            }
            return new FusedGate(qubits, matrix) { SourceGateCount = _gates.Count };
        }

        /// <summary>The product of diagonal gates is the entrywise product of their diagonals, at each gate's local index.</summary>
        private Complex[] DiagonalProduct(int[] qubits)
        {
            var diagonal = Enumerable.Repeat(Complex.One, 1 << qubits.Length).ToArray();
            foreach (var gate in _gates)
            {
                var matrix = GateMatrices.For(gate.Gate, gate.Parameters);
                var gateDimension = 1 << gate.Qubits.Length;
                var positions = gate.Qubits.Select(q => Array.IndexOf(qubits, q)).ToArray();
                for (var i = 0; i < diagonal.Length; i++)
                {
                    var local = 0;
                    for (var j = 0; j < positions.Length; j++)
                    {
                        local |= (i >> positions[j] & 1) << j;
                    }
                    diagonal[i] *= matrix[local * gateDimension + local];
                }
            }
            return diagonal;
        }

        /// <summary>matrix ← G·matrix, where G acts on the local bits <paramref name="positions"/> (G's bit j = positions[j]).</summary>
        private static void LeftMultiply(Complex[] matrix, int width, int[] positions, Complex[] gate)
        {
            var dimension = 1 << width;
            var gateDimension = 1 << positions.Length;
            var offsets = new int[gateDimension];
            var gateMask = 0;
            for (var g = 0; g < gateDimension; g++)
            {
                for (var j = 0; j < positions.Length; j++)
                {
                    if ((g >> j & 1) == 1)
                    {
                        offsets[g] |= 1 << positions[j];
                    }
                }
            }
            foreach (var p in positions)
            {
                gateMask |= 1 << p;
            }
            var input = new Complex[gateDimension];
            for (var column = 0; column < dimension; column++)
            {
                for (var row = 0; row < dimension; row++)
                {
                    if ((row & gateMask) != 0)
                    {
                        continue;
                    }
                    for (var g = 0; g < gateDimension; g++)
                    {
                        input[g] = matrix[(row | offsets[g]) * dimension + column];
                    }
                    for (var g = 0; g < gateDimension; g++)
                    {
                        var sum = Complex.Zero;
                        for (var h = 0; h < gateDimension; h++)
                        {
                            sum += gate[g * gateDimension + h] * input[h];
                        }
                        matrix[(row | offsets[g]) * dimension + column] = sum;
                    }
                }
            }
        }
    }
}
