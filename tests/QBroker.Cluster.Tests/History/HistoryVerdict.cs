namespace QBroker.Cluster.Tests.History;

/// <summary>The checker's finding: empty <see cref="Violations"/> means the history is correct.</summary>
public sealed record HistoryVerdict(IReadOnlyList<string> Violations, int Acknowledged, int Stored)
{
    public bool Passed => Violations.Count == 0;

    /// <summary>At most a screenful of violations, for a test failure message.</summary>
    public string Summary(int limit = 20) =>
        Passed
            ? $"history correct: {Acknowledged} acknowledged, {Stored} stored"
            : $"{Violations.Count} violations ({Acknowledged} acknowledged, {Stored} stored):\n" + string.Join("\n", Violations.Take(limit));
}
