namespace QBroker.Grains.Qkd;

/// <summary>A link as the relay path finder sees it: its ends, the key stored per direction, its rate and health.</summary>
public sealed record RelayEdge(
    string LinkId,
    string SiteA,
    string SiteB,
    int StoredFromA,
    int StoredFromB,
    int CapacityBytes,
    double RateBitsPerSecond,
    bool Aborting)
{
    public int StoredFrom(string site) => site == SiteA ? StoredFromA : StoredFromB;
}
