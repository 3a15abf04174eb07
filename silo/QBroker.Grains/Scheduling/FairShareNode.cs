namespace QBroker.Grains.Scheduling;

/// <summary>
/// One node of the fair-share tree (program, institution, project or researcher). The root has no parent;
/// <paramref name="Shares"/> are raw shares, meaningful only relative to the node's siblings.
/// </summary>
public sealed record FairShareNode(string Id, string? ParentId, double Shares);
