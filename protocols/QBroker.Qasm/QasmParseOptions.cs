namespace QBroker.Qasm;

/// <summary>
/// Values and limits for <see cref="QasmParser"/>. The limits exist because programs come from users: a short
/// program can describe an enormous circuit (nested loops, gates that call gates), so every dimension that grows
/// with the input is bounded and refused with a clear error instead of exhausting memory or time.
/// </summary>
public sealed record QasmParseOptions
{
    /// <summary>
    /// Highest value <see cref="MaxGateDefinitionDepth"/> may take: gate inlining recurses once per level, so the
    /// depth must stay far below what the thread stack can hold.
    /// </summary>
    public const int GateDefinitionDepthCeiling = 1_000;

    /// <summary>The options used when none are given.</summary>
    public static QasmParseOptions Default { get; } = new();

    /// <summary>Values of OpenQASM 3 <c>input</c> declarations, by name. A declared input without a value is an error.</summary>
    public IReadOnlyDictionary<string, double> Inputs { get; init; } = new Dictionary<string, double>();

    /// <summary>Most qubits the program may declare, over all registers.</summary>
    public int MaxQubits { get; init; } = 100_000;

    /// <summary>Most classical bits the program may declare, over all registers.</summary>
    public int MaxClassicalBits { get; init; } = 100_000;

    /// <summary>
    /// Most operations in the flattened circuit, counted after loops are unrolled and gates inlined (operations
    /// inside conditional blocks included). Loop iterations are bounded by the same number, so a loop whose body
    /// emits nothing cannot spin forever either.
    /// </summary>
    public int MaxOperations { get; init; } = 5_000_000;

    /// <summary>Longest accepted source text, in UTF-16 characters (4 Mi).</summary>
    public int MaxSourceLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deepest chain of user gates calling user gates (at most <see cref="GateDefinitionDepthCeiling"/>).</summary>
    public int MaxGateDefinitionDepth { get; init; } = 64;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxQubits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxClassicalBits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxOperations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSourceLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxGateDefinitionDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxGateDefinitionDepth, GateDefinitionDepthCeiling);
    }
}
