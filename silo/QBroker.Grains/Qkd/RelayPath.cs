namespace QBroker.Grains.Qkd;

/// <summary>A path of links from master to slave. Its key and its rate are bounded by its weakest hop.</summary>
public sealed record RelayPath(IReadOnlyList<RelayHop> Hops)
{
    public int StoredBytes => Hops.Min(h => h.StoredBytes);

    public int CapacityBytes => Hops.Min(h => h.CapacityBytes);

    public double RateBitsPerSecond => Hops.Min(h => h.RateBitsPerSecond);

    public IReadOnlyList<string> LinkIds => [.. Hops.Select(h => h.LinkId)];
}
