namespace QBroker.Backends.Anneal;

/// <summary>Turns raw reads into D-Wave-style samples: distinct states in the problem's variable type, with energy and occurrences.</summary>
public static class AnnealResults
{
    public static IReadOnlyList<AnnealSample> Aggregate(AnnealProblem problem, IEnumerable<sbyte[]> spinReads)
    {
        var distinct = new Dictionary<string, (int[] Values, long Count)>();
        foreach (var spins in spinReads)
        {
            var values = spins.Select(s => problem.Type == VariableType.Spin ? (int)s : (s + 1) / 2).ToArray();
            var key = Key(values, problem.Type);
            distinct[key] = distinct.TryGetValue(key, out var seen) ? (seen.Values, seen.Count + 1) : (values, 1);
        }
        return distinct
            .Select(kv => new AnnealSample(kv.Value.Values, problem.Energy(kv.Value.Values), kv.Value.Count))
            .OrderBy(s => s.Energy)
            .ThenBy(s => Key(s.Values, problem.Type), StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Values in variable order, binary as 0/1 and spins as '+'/'-' (so "+-+" is s = (1, −1, 1)).</summary>
    public static string Key(IReadOnlyList<int> values, VariableType type) => type == VariableType.Spin
        ? string.Concat(values.Select(v => v > 0 ? '+' : '-'))
        : string.Concat(values.Select(v => v == 1 ? '1' : '0'));
}
