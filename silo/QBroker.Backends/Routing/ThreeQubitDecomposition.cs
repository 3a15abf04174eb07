using QBroker.Qasm.Ir;

namespace QBroker.Backends.Routing;

/// <summary>
/// Rewrites Toffoli and Fredkin gates into one- and two-qubit gates so a router only ever sees pairs. The sequences
/// are the qelib1.inc definitions (OpenQASM 2 spec, arXiv:1707.03429): the standard 6-CX Toffoli, and
/// cswap a,b,c = cx c,b; ccx a,b,c; cx c,b.
/// </summary>
public static class ThreeQubitDecomposition
{
    public static IReadOnlyList<Operation> Expand(IReadOnlyList<Operation> operations)
    {
        var result = new List<Operation>();
        foreach (var op in operations)
        {
            switch (op)
            {
                case GateOperation { Gate: StandardGate.CCX } g:
                    AddToffoli(result, g.Qubits[0], g.Qubits[1], g.Qubits[2]);
                    break;
                case GateOperation { Gate: StandardGate.CSwap } g:
                    result.Add(Gate(StandardGate.CX, g.Qubits[2], g.Qubits[1]));
                    AddToffoli(result, g.Qubits[0], g.Qubits[1], g.Qubits[2]);
                    result.Add(Gate(StandardGate.CX, g.Qubits[2], g.Qubits[1]));
                    break;
                case ConditionalOperation c:
                    result.Add(c with { Then = Expand(c.Then), Else = Expand(c.Else) });
                    break;
                default:
                    result.Add(op);
                    break;
            }
        }
        return result;
    }

    private static void AddToffoli(List<Operation> ops, int a, int b, int c)
    {
        ops.Add(Gate(StandardGate.H, c));
        ops.Add(Gate(StandardGate.CX, b, c));
        ops.Add(Gate(StandardGate.Tdg, c));
        ops.Add(Gate(StandardGate.CX, a, c));
        ops.Add(Gate(StandardGate.T, c));
        ops.Add(Gate(StandardGate.CX, b, c));
        ops.Add(Gate(StandardGate.Tdg, c));
        ops.Add(Gate(StandardGate.CX, a, c));
        ops.Add(Gate(StandardGate.T, b));
        ops.Add(Gate(StandardGate.T, c));
        ops.Add(Gate(StandardGate.H, c));
        ops.Add(Gate(StandardGate.CX, a, b));
        ops.Add(Gate(StandardGate.T, a));
        ops.Add(Gate(StandardGate.Tdg, b));
        ops.Add(Gate(StandardGate.CX, a, b));
    }

    private static GateOperation Gate(StandardGate gate, params int[] qubits) => new(gate, qubits, []);
}
