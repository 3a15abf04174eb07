using QBroker.Qasm.Ir;

namespace QBroker.Backends.Tests;

/// <summary>Builds IR circuits in tests without the parser: one quantum register q and one classical register c (or several).</summary>
internal sealed class CircuitFactory
{
    private readonly List<Operation> _operations = [];
    private readonly int _qubits;
    private readonly int[] _classicalSizes;

    public CircuitFactory(int qubits, params int[] classicalSizes)
    {
        _qubits = qubits;
        _classicalSizes = classicalSizes.Length == 0 ? [qubits] : classicalSizes;
    }

    public CircuitFactory Gate(StandardGate gate, params int[] qubits) => Add(new GateOperation(gate, qubits, []));

    public CircuitFactory Gate(StandardGate gate, double[] parameters, params int[] qubits) => Add(new GateOperation(gate, qubits, parameters));

    public CircuitFactory H(int q) => Gate(StandardGate.H, q);

    public CircuitFactory X(int q) => Gate(StandardGate.X, q);

    public CircuitFactory CX(int c, int t) => Gate(StandardGate.CX, c, t);

    public CircuitFactory Measure(int q, int c) => Add(new MeasureOperation(q, c));

    public CircuitFactory MeasureAll()
    {
        for (var q = 0; q < _qubits; q++)
        {
            Measure(q, q);
        }
        return this;
    }

    public CircuitFactory Reset(int q) => Add(new ResetOperation(q));

    public CircuitFactory If(int firstClbit, int clbitCount, ulong value, params Operation[] then) =>
        Add(new ConditionalOperation(new ClassicalCondition(firstClbit, clbitCount, value), then, []));

    public CircuitFactory Add(Operation op)
    {
        _operations.Add(op);
        return this;
    }

    public Circuit Build()
    {
        var registers = new List<Register>();
        var offset = 0;
        for (var r = 0; r < _classicalSizes.Length; r++)
        {
            registers.Add(new Register(_classicalSizes.Length == 1 ? "c" : $"c{r}", offset, _classicalSizes[r]));
            offset += _classicalSizes[r];
        }
        return new Circuit(_qubits, offset, [new Register("q", 0, _qubits)], registers, _operations.ToArray());
    }

    /// <summary>The quantum Fourier transform on qubits 0..n−1 (qubit n−1 most significant), with the final reversal swaps.</summary>
    public CircuitFactory Qft(int n)
    {
        for (var j = n - 1; j >= 0; j--)
        {
            H(j);
            for (var k = j - 1; k >= 0; k--)
            {
                Gate(StandardGate.CP, [Math.PI / (1 << (j - k))], k, j);
            }
        }
        for (var i = 0; i < n / 2; i++)
        {
            Gate(StandardGate.Swap, i, n - 1 - i);
        }
        return this;
    }

    /// <summary>The inverse of <see cref="Qft"/>.</summary>
    public CircuitFactory InverseQft(int n)
    {
        for (var i = 0; i < n / 2; i++)
        {
            Gate(StandardGate.Swap, i, n - 1 - i);
        }
        for (var j = 0; j < n; j++)
        {
            for (var k = 0; k < j; k++)
            {
                Gate(StandardGate.CP, [-Math.PI / (1 << (j - k))], k, j);
            }
            H(j);
        }
        return this;
    }

    /// <summary>A seeded random circuit over the whole standard gate set (no measurements).</summary>
    public static CircuitFactory Random(int qubits, int gates, int seed, bool includeThreeQubit = true)
    {
        var random = new Random(seed);
        var factory = new CircuitFactory(qubits);
        var all = Enum.GetValues<StandardGate>()
            .Where(g => includeThreeQubit || StandardGateInfo.QubitCount(g) < 3)
            .Where(g => StandardGateInfo.QubitCount(g) <= qubits)
            .ToArray();
        for (var i = 0; i < gates; i++)
        {
            var gate = all[random.Next(all.Length)];
            var targets = Enumerable.Range(0, qubits).OrderBy(_ => random.Next()).Take(StandardGateInfo.QubitCount(gate)).ToArray();
            var parameters = Enumerable.Range(0, StandardGateInfo.ParameterCount(gate)).Select(_ => random.NextDouble() * 2 * Math.PI - Math.PI).ToArray();
            factory.Gate(gate, parameters, targets);
        }
        return factory;
    }
}
