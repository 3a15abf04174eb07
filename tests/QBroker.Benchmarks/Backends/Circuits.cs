using QBroker.Backends.StateVector;
using QBroker.Qasm.Ir;

namespace QBroker.Benchmarks.Backends;

/// <summary>Benchmark circuits as gate lists.</summary>
internal static class Circuits
{
    /// <summary>The textbook QFT: H and controlled phases per qubit, then the reversal swaps.</summary>
    public static IReadOnlyList<UnitaryGate> Qft(int n)
    {
        var gates = new List<UnitaryGate>();
        for (var j = n - 1; j >= 0; j--)
        {
            gates.Add(new UnitaryGate(StandardGate.H, [j], []));
            for (var k = j - 1; k >= 0; k--)
            {
                gates.Add(new UnitaryGate(StandardGate.CP, [k, j], [Math.PI / Math.Pow(2, j - k)]));
            }
        }
        for (var i = 0; i < n / 2; i++)
        {
            gates.Add(new UnitaryGate(StandardGate.Swap, [i, n - 1 - i], []));
        }
        return gates;
    }

    /// <summary>Layers of random RX/RY/RZ on every qubit, then CX on a random pairing of the qubits (seeded).</summary>
    public static IReadOnlyList<UnitaryGate> RandomLayers(int n, int layers, int seed)
    {
        var random = new Random(seed);
        var rotations = new[] { StandardGate.RX, StandardGate.RY, StandardGate.RZ };
        var gates = new List<UnitaryGate>();
        for (var layer = 0; layer < layers; layer++)
        {
            for (var q = 0; q < n; q++)
            {
                gates.Add(new UnitaryGate(rotations[random.Next(3)], [q], [random.NextDouble() * 2 * Math.PI]));
            }
            var order = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
            for (var i = 0; i + 1 < n; i += 2)
            {
                gates.Add(new UnitaryGate(StandardGate.CX, [order[i], order[i + 1]], []));
            }
        }
        return gates;
    }
}
