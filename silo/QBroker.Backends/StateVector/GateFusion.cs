using System.Numerics;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.StateVector;

/// <summary>A unitary gate to fuse: a standard gate on global qubits (in the gate's own order, controls first).</summary>
public sealed record UnitaryGate(StandardGate Gate, int[] Qubits, double[] Parameters);

/// <summary>
/// Decides, before the simulation loop, which consecutive gates share one pass over the state. Each gate joins the
/// earliest open block it may legally join: a block that no later block touches on the gate's qubits (so moving the
/// gate there does not reorder it past anything it could fail to commute with) and whose qubit set stays within
/// <c>maxQubits</c>. The block's matrix is the product of its gates, embedded in the block's qubits.
/// </summary>
public static class GateFusion
{
    public static IReadOnlyList<FusedGate> Fuse(IReadOnlyList<UnitaryGate> gates, int maxQubits)
    {
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
            var target = -1;
            for (var b = earliest; b < blocks.Count; b++)
            {
                if (blocks[b].UnionSize(gate.Qubits) <= maxQubits)
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

    private sealed class Block
    {
        private readonly List<UnitaryGate> _gates = [];
        private readonly SortedSet<int> _qubits = [];

        public int UnionSize(int[] qubits) => _qubits.Count + qubits.Count(q => !_qubits.Contains(q));

        public void Add(UnitaryGate gate)
        {
            _gates.Add(gate);
            _qubits.UnionWith(gate.Qubits);
        }

        public FusedGate ToFusedGate()
        {
            var qubits = _qubits.ToArray();
            var dimension = 1 << qubits.Length;
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
