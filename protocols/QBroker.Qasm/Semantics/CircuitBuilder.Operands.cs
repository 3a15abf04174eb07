using QBroker.Qasm.Ir;
using QBroker.Qasm.Syntax;

namespace QBroker.Qasm.Semantics;

/// <summary>
/// What an operand denotes: <see cref="Count"/> consecutive global indices from <see cref="First"/>, either a whole
/// register (which broadcasts) or one element of it.
/// </summary>
internal readonly record struct ResolvedOperand(Operand Syntax, int First, int Count, bool IsWholeRegister)
{
    public int this[int broadcastIndex] => IsWholeRegister ? First + broadcastIndex : First;
}

internal sealed partial class CircuitBuilder
{
    private ResolvedOperand ResolveQubits(Operand operand) => Resolve(operand, quantum: true);

    private ResolvedOperand ResolveBits(Operand operand) => Resolve(operand, quantum: false);

    private ResolvedOperand Resolve(Operand operand, bool quantum)
    {
        var expected = quantum ? "a quantum register" : "a classical register";
        if (_loopVariables.ContainsKey(operand.Name))
        {
            throw operand.Position.Error($"'{Quote(operand.Name)}' is a loop variable, not {expected}");
        }
        var register = _names.GetValueOrDefault(operand.Name) switch
        {
            QuantumRegisterName q when quantum => q.Register,
            ClassicalRegisterName c when !quantum => c.Register,
            QuantumRegisterName => throw operand.Position.Error($"'{Quote(operand.Name)}' is a quantum register; {expected} is expected here"),
            ClassicalRegisterName => throw operand.Position.Error($"'{Quote(operand.Name)}' is a classical register; {expected} is expected here"),
            ScalarName => throw operand.Position.Error($"'{Quote(operand.Name)}' is a number, not {expected}"),
            _ => throw operand.Position.Error($"undeclared register '{Quote(operand.Name)}'"),
        };
        if (operand.Index is null)
        {
            return new ResolvedOperand(operand, register.Offset, register.Size, IsWholeRegister: true);
        }
        var index = operand.Index.Evaluate(this);
        if (index != Math.Floor(index))
        {
            throw operand.Index.Position.Error($"index must be an integer, got {index}");
        }
        if (index < 0 || index >= register.Size)
        {
            throw operand.Index.Position.Error($"index {index} is out of range for register '{Quote(register.Name)}' of size {register.Size}");
        }
        return new ResolvedOperand(operand, register.Offset + (int)index, 1, IsWholeRegister: false);
    }

    /// <summary>
    /// How many times a statement applies: the common size of its whole-register operands, or 1 when all are
    /// indexed. Whole registers of different sizes are an error at the first one that disagrees.
    /// </summary>
    private static int BroadcastCount(ReadOnlySpan<ResolvedOperand> operands, string statement, string? gate = null)
    {
        ResolvedOperand? first = null;
        foreach (var operand in operands)
        {
            if (!operand.IsWholeRegister)
            {
                continue;
            }
            if (first is { } reference && reference.Count != operand.Count)
            {
                throw operand.Syntax.Position.Error(
                    $"register size mismatch in {statement}{(gate is null ? string.Empty : $" '{gate}'")}: '{Quote(reference.Syntax.Name)}' has {reference.Count} elements but '{Quote(operand.Syntax.Name)}' has {operand.Count}");
            }
            first ??= operand;
        }
        return first?.Count ?? 1;
    }

    private void Measure(MeasureStatement measure, OperationSink sink)
    {
        var qubit = ResolveQubits(measure.Qubit);
        var bit = ResolveBits(measure.Bit);
        // A one-element register stands for its only element, so OpenQASM 3's "bit c; c = measure q[0];" works.
        if (qubit.IsWholeRegister != bit.IsWholeRegister && (qubit.IsWholeRegister ? qubit.Count : bit.Count) != 1)
        {
            throw measure.Position.Error("measure needs both sides indexed or both whole registers of the same size");
        }
        var count = BroadcastCount([qubit, bit], "measure");
        sink.Budget.Reserve(count);
        for (var k = 0; k < count; k++)
        {
            sink.Add(new MeasureOperation(qubit[k], bit[k]));
        }
    }

    private void Reset(ResetStatement reset, OperationSink sink)
    {
        var qubit = ResolveQubits(reset.Qubit);
        sink.Budget.Reserve(qubit.Count);
        for (var k = 0; k < qubit.Count; k++)
        {
            sink.Add(new ResetOperation(qubit[k]));
        }
    }

    private void Barrier(BarrierStatement barrier, OperationSink sink)
    {
        var qubits = new List<int>();
        if (barrier.Qubits.Count == 0)
        {
            qubits.AddRange(Enumerable.Range(0, _qubitCount));
        }
        foreach (var operand in barrier.Qubits)
        {
            var resolved = ResolveQubits(operand);
            for (var k = 0; k < resolved.Count; k++)
            {
                qubits.Add(resolved.First + k);
            }
        }
        if (qubits.Count > 0)
        {
            sink.Add(new BarrierOperation(qubits));
        }
    }
}
