namespace QBroker.Contracts.Qkd;

/// <summary>
/// A QKD link's durable configuration: the two sites it joins and the physics of its fibre, source clock and
/// detector. Site A is Alice's end. Stored in the link grain's state, so a restart keeps it.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.LinkDefinition")]
public sealed record LinkDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string SiteA,
    [property: Id(2)] string SiteB,
    [property: Id(3)] double LengthKm,
    [property: Id(4)] double LossDbPerKm,
    [property: Id(5)] double DetectorEfficiency,
    [property: Id(6)] double DarkCountProbability,
    [property: Id(7)] double Misalignment,
    [property: Id(8)] double ClockRateHz)
{
    /// <summary>The site at the other end from <paramref name="site"/>.</summary>
    public string Peer(string site) => site == SiteA ? SiteB : site == SiteB ? SiteA
        : throw new ArgumentException($"Link {Id} does not end at site '{site}'.", nameof(site));

    public bool Joins(string site) => site == SiteA || site == SiteB;
}
