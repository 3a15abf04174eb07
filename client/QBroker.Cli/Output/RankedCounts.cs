namespace QBroker.Cli.Output;

/// <summary>One measured outcome and its share of all shots.</summary>
public sealed record RankedOutcome(string Bitstring, long Count, double Probability);

/// <summary>
/// Counts sorted for display: most frequent first, ties by bitstring so the order is stable run to run. Outcomes
/// beyond the first <c>top</c> are summed into <see cref="HiddenOutcomes"/> and <see cref="HiddenCount"/>.
/// </summary>
public sealed record RankedCounts(IReadOnlyList<RankedOutcome> Shown, int HiddenOutcomes, long HiddenCount, long Total)
{
    /// <param name="top">How many outcomes to keep; 0 or less keeps all.</param>
    public static RankedCounts Rank(IReadOnlyDictionary<string, long> counts, int top)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = counts.Values.Sum();
        var ordered = counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new RankedOutcome(pair.Key, pair.Value, total == 0 ? 0 : (double)pair.Value / total))
            .ToList();
        var keep = top <= 0 ? ordered.Count : Math.Min(top, ordered.Count);
        var hidden = ordered.Skip(keep).Sum(outcome => outcome.Count);
        return new RankedCounts(ordered.Take(keep).ToList(), ordered.Count - keep, hidden, total);
    }
}
