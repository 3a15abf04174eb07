using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Semantics;

/// <summary>A name that can be called as a gate: a library gate, OpenQASM 3's gphase, or a user definition.</summary>
internal abstract class GateSymbol(string name, int parameterCount, int qubitCount)
{
    public string Name { get; } = name;

    public int ParameterCount { get; } = parameterCount;

    public int QubitCount { get; } = qubitCount;

    /// <summary>How many user-gate levels a call goes through before reaching standard gates (0 for library gates).</summary>
    public abstract int Depth { get; }

    /// <summary>Operations one call emits, saturating at <see cref="long.MaxValue"/>; used to refuse gate bombs before expanding them.</summary>
    public abstract long ExpandedOperationCount { get; }

    /// <summary>Appends the operations of one call to <paramref name="sink"/>.</summary>
    public abstract void Expand(double[] parameters, int[] qubits, OperationSink sink);
}

/// <summary>A gate from qelib1.inc, stdgates.inc or the built-ins U and CX: one standard gate, parameters mapped.</summary>
internal sealed class LibraryGateSymbol(string name, int parameterCount, StandardGate gate, Func<double[], double[]> mapParameters)
    : GateSymbol(name, parameterCount, StandardGateInfo.QubitCount(gate))
{
    public override int Depth => 0;

    public override long ExpandedOperationCount => 1;

    public override void Expand(double[] parameters, int[] qubits, OperationSink sink) =>
        sink.Add(new GateOperation(gate, qubits, mapParameters(parameters)));
}

/// <summary>OpenQASM 3's gphase(θ): a global phase is unobservable in every result the broker returns, so it emits nothing.</summary>
internal sealed class GlobalPhaseSymbol() : GateSymbol("gphase", 1, 0)
{
    public override int Depth => 0;

    public override long ExpandedOperationCount => 0;

    public override void Expand(double[] parameters, int[] qubits, OperationSink sink)
    {
    }
}
