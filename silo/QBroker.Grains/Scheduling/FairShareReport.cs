namespace QBroker.Grains.Scheduling;

/// <summary>
/// The whole fair-share tree at one moment, root first and every parent before its children (the order the
/// nodes were defined in among siblings), ready for <c>GET /api/v1/usage</c>.
/// </summary>
public sealed record FairShareReport(DateTimeOffset AsOf, IReadOnlyList<FairShareNodeReport> Nodes)
{
    /// <summary>The row of one node; throws <see cref="KeyNotFoundException"/> for an id the tree does not have.</summary>
    public FairShareNodeReport Node(string id) =>
        Nodes.FirstOrDefault(node => node.Id == id)
        ?? throw new KeyNotFoundException($"The fair-share report has no node '{id}'.");
}
