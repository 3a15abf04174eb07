namespace QBroker.Cluster.Tests.History;

/// <summary>
/// The checker's finding: empty <see cref="Violations"/> means the history is correct. <see cref="Lost"/> names the
/// acknowledged jobs missing from the store (each also has its violation).
/// </summary>
public sealed record HistoryVerdict(IReadOnlyList<string> Violations, int Acknowledged, int Stored, IReadOnlyList<Guid> Lost)
{
    public bool Passed => Violations.Count == 0;

    /// <summary>At most a screenful of violations, for a test failure message.</summary>
    public string Summary(int limit = 20) =>
        Passed
            ? $"history correct: {Acknowledged} acknowledged, {Stored} stored"
            : $"{Violations.Count} violations ({Acknowledged} acknowledged, {Stored} stored):\n" + string.Join("\n", Violations.Take(limit));
}
