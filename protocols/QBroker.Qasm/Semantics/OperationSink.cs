using QBroker.Qasm.Ir;

namespace QBroker.Qasm.Semantics;

/// <summary>
/// Where lowered operations go. Every operation passes through <see cref="Add"/>, which counts it against the
/// program-wide budget, so loop unrolling and gate inlining together can never exceed
/// <see cref="QasmParseOptions.MaxOperations"/>.
/// </summary>
internal sealed class OperationSink(List<Operation> target, OperationBudget budget)
{
    public OperationBudget Budget { get; } = budget;

    public void Add(Operation operation)
    {
        Budget.Spend(1);
        target.Add(operation);
    }

    /// <summary>A sink for a nested block (the branches of an if) that shares this sink's budget.</summary>
    public OperationSink Nested(List<Operation> target) => new(target, Budget);
}
