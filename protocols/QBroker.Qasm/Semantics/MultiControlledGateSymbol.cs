using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Semantics;

/// <summary>
/// QASMBench's qelib1 additions c3x, c4x (X with three or four controls) and c3sqrtx (√X with three controls),
/// which have no <see cref="StandardGate"/> of their own. Each is H · C^kP(λ) · H on the target (λ = π for X,
/// π/2 for √X = H·S·H), and the multi-controlled phase is built from CX and P only with the parity identity
/// x₁x₂…xₙ = 2^{1-n} Σ_{S≠∅} (-1)^{|S|+1} (⊕_{i∈S} xᵢ): for every non-empty subset S of the n qubits, the parity
/// of S is gathered onto its last qubit with CX gates, phased by ±λ/2^{n-1}, and ungathered. The result is
/// exactly the controlled gate, with no global or relative phase left over.
/// </summary>
internal sealed class MultiControlledGateSymbol(string name, int controls, double angle)
    : GateSymbol(name, 0, controls + 1)
{
    public override int Depth => 0;

    /// <summary>Two H, one P per subset, and 2(|S|-1) CX per subset: Σ|S| over non-empty subsets is n·2^{n-1}.</summary>
    public override long ExpandedOperationCount
    {
        get
        {
            var n = QubitCount;
            var subsets = (1L << n) - 1;
            var totalMembers = n * (1L << (n - 1));
            return 2 + subsets + (2 * (totalMembers - subsets));
        }
    }

    public override void Expand(double[] parameters, int[] qubits, OperationSink sink)
    {
        var n = qubits.Length;
        var target = qubits[n - 1];
        var phase = angle / (1 << (n - 1));
        sink.Add(new GateOperation(StandardGate.H, [target], []));
        for (var subset = 1; subset < 1 << n; subset++)
        {
            var members = Enumerable.Range(0, n).Where(i => (subset & (1 << i)) != 0).Select(i => qubits[i]).ToArray();
            var last = members[^1];
            for (var i = 0; i < members.Length - 1; i++)
            {
                sink.Add(new GateOperation(StandardGate.CX, [members[i], last], []));
            }
            var sign = members.Length % 2 == 1 ? 1 : -1;
            sink.Add(new GateOperation(StandardGate.P, [last], [sign * phase]));
            for (var i = members.Length - 2; i >= 0; i--)
            {
                sink.Add(new GateOperation(StandardGate.CX, [members[i], last], []));
            }
        }
        sink.Add(new GateOperation(StandardGate.H, [target], []));
    }
}
