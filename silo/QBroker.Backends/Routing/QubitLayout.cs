using QBroker.Qasm.Ir;

namespace QBroker.Backends.Routing;

/// <summary>Where each logical qubit sits on the chip, and which logical qubit (or none, −1) sits on each physical one.</summary>
public sealed class QubitLayout
{
    private readonly int[] _physicalOf;
    private readonly int[] _logicalOn;

    public QubitLayout(IReadOnlyList<int> physicalOfLogical, int physicalCount)
    {
        _physicalOf = physicalOfLogical.ToArray();
        _logicalOn = Enumerable.Repeat(-1, physicalCount).ToArray();
        for (var l = 0; l < _physicalOf.Length; l++)
        {
            if (_logicalOn[_physicalOf[l]] >= 0)
            {
                throw new ArgumentException($"Physical qubit {_physicalOf[l]} is assigned twice.", nameof(physicalOfLogical));
            }
            _logicalOn[_physicalOf[l]] = l;
        }
    }

    public int this[int logical] => _physicalOf[logical];

    /// <summary>Logical qubit → physical qubit, as an array copy.</summary>
    public int[] ToArray() => _physicalOf.ToArray();

    /// <summary>Exchanges whatever sits on two physical qubits and returns the SWAP gate that does it.</summary>
    public GateOperation Swap(int a, int b)
    {
        var la = _logicalOn[a];
        var lb = _logicalOn[b];
        _logicalOn[a] = lb;
        _logicalOn[b] = la;
        if (la >= 0)
        {
            _physicalOf[la] = b;
        }
        if (lb >= 0)
        {
            _physicalOf[lb] = a;
        }
        return new GateOperation(StandardGate.Swap, [a, b], []);
    }

    /// <summary>The operation with its logical qubits replaced by their physical ones (not for conditionals).</summary>
    public Operation Map(Operation op) => op switch
    {
        GateOperation g => g with { Qubits = g.Qubits.Select(q => _physicalOf[q]).ToArray() },
        MeasureOperation m => m with { Qubit = _physicalOf[m.Qubit] },
        ResetOperation r => r with { Qubit = _physicalOf[r.Qubit] },
        BarrierOperation b => b with { Qubits = b.Qubits.Select(q => _physicalOf[q]).ToArray() },
        _ => throw new NotSupportedException($"Cannot map {op.GetType().Name}."),
    };
}
