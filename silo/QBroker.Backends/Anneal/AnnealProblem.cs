namespace QBroker.Backends.Anneal;

/// <summary>Binary (QUBO, x ∈ {0,1}) or spin (Ising, s ∈ {−1,+1}) variables.</summary>
public enum VariableType
{
    Binary,
    Spin,
}

/// <summary>One quadratic term w·v_i·v_j with i &lt; j.</summary>
public readonly record struct QuadraticTerm(int I, int J, double Weight);

/// <summary>
/// A quadratic model E(v) = offset + Σ_i linear_i·v_i + Σ_{i&lt;j} w_ij·v_i·v_j over binary or spin variables
/// 0..n−1. Duplicate pairs are summed; a diagonal term is linear for QUBO (x² = x) and constant for Ising (s² = 1).
/// </summary>
public sealed class AnnealProblem
{
    public AnnealProblem(VariableType type, int variableCount, IReadOnlyList<double> linear, IEnumerable<QuadraticTerm> quadratic, double offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(variableCount);
        if (linear.Count > variableCount)
        {
            throw new ArgumentException($"{linear.Count} linear terms for {variableCount} variables.", nameof(linear));
        }
        Type = type;
        VariableCount = variableCount;
        var dense = new double[variableCount];
        for (var i = 0; i < linear.Count; i++)
        {
            dense[i] = linear[i];
        }
        var merged = new Dictionary<(int, int), double>();
        foreach (var term in quadratic)
        {
            if (term.I < 0 || term.J < 0 || term.I >= variableCount || term.J >= variableCount)
            {
                throw new ArgumentException($"Term ({term.I},{term.J}) refers to a variable outside 0..{variableCount - 1}.", nameof(quadratic));
            }
            if (term.I == term.J)
            {
                if (type == VariableType.Binary)
                {
                    dense[term.I] += term.Weight;
                }
                else
                {
                    offset += term.Weight;
                }
                continue;
            }
            var key = term.I < term.J ? (term.I, term.J) : (term.J, term.I);
            merged[key] = merged.GetValueOrDefault(key) + term.Weight;
        }
        Linear = dense;
        Quadratic = merged.Where(kv => kv.Value != 0).OrderBy(kv => kv.Key)
            .Select(kv => new QuadraticTerm(kv.Key.Item1, kv.Key.Item2, kv.Value)).ToArray();
        Offset = offset;
    }

    public VariableType Type { get; }

    public int VariableCount { get; }

    public IReadOnlyList<double> Linear { get; }

    /// <summary>Merged terms with I &lt; J, sorted, zero weights dropped.</summary>
    public IReadOnlyList<QuadraticTerm> Quadratic { get; }

    public double Offset { get; }

    /// <summary>Energy of an assignment given in this problem's own variable type.</summary>
    public double Energy(ReadOnlySpan<int> values)
    {
        var energy = Offset;
        for (var i = 0; i < VariableCount; i++)
        {
            energy += Linear[i] * values[i];
        }
        foreach (var t in Quadratic)
        {
            energy += t.Weight * values[t.I] * values[t.J];
        }
        return energy;
    }

    /// <summary>
    /// The same model over spins: x = (1 + s)/2 gives h_i = a_i/2 + Σ_j b_ij/4, J_ij = b_ij/4 and
    /// offset' = offset + Σ a_i/2 + Σ b_ij/4, so E_qubo(x) = E_ising(s) for corresponding assignments.
    /// </summary>
    public AnnealProblem ToIsing()
    {
        if (Type == VariableType.Spin)
        {
            return this;
        }
        var h = Linear.Select(a => a / 2).ToArray();
        var offset = Offset + Linear.Sum() / 2;
        var couplings = new List<QuadraticTerm>(Quadratic.Count);
        foreach (var t in Quadratic)
        {
            h[t.I] += t.Weight / 4;
            h[t.J] += t.Weight / 4;
            offset += t.Weight / 4;
            couplings.Add(t with { Weight = t.Weight / 4 });
        }
        return new AnnealProblem(VariableType.Spin, VariableCount, h, couplings, offset);
    }
}
