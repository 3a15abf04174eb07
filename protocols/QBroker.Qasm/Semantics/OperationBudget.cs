namespace QBroker.Qasm.Semantics;

/// <summary>
/// Counts operations and loop iterations against <see cref="QasmParseOptions.MaxOperations"/>. The position of
/// the top-level statement being lowered is kept so an exhausted budget is reported where the blow-up starts.
/// </summary>
internal sealed class OperationBudget(int limit)
{
    private long _operations;
    private long _iterations;

    public int Limit { get; } = limit;

    public SourcePosition Statement { get; set; } = SourcePosition.Start;

    /// <summary>Fails before any work when <paramref name="count"/> more operations would exceed the limit.</summary>
    public void Reserve(long count)
    {
        if (count > Limit - _operations)
        {
            throw Statement.Error(
                $"the program expands to more than {Limit} operations (loops unrolled and gates inlined); raise MaxOperations to allow it");
        }
    }

    public void Spend(long count)
    {
        Reserve(count);
        _operations += count;
    }

    public void SpendIterations(long count)
    {
        if (count > Limit - _iterations)
        {
            throw Statement.Error($"the program's loops run more than {Limit} iterations in total; raise MaxOperations to allow it");
        }
        _iterations += count;
    }
}
