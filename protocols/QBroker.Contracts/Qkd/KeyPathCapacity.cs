namespace QBroker.Contracts.Qkd;

/// <summary>
/// How much key a master/slave pair can get now: the best usable path of links (one link when they are
/// neighbours), the key stored along it (the smallest pool on the path) and the weakest hop's secure key rate.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.KeyPathCapacity")]
public sealed record KeyPathCapacity(
    [property: Id(0)] IReadOnlyList<string> LinkIds,
    [property: Id(1)] int StoredBytes,
    [property: Id(2)] int CapacityBytes,
    [property: Id(3)] double RateBitsPerSecond);
