namespace QBroker.Contracts.Qkd;

/// <summary>One direction's pool: key that site <see cref="FromSite"/> (master) shares with <see cref="ToSite"/> (slave).</summary>
[GenerateSerializer, Immutable, Alias("qbroker.KeyPoolSnapshot")]
public sealed record KeyPoolSnapshot(
    [property: Id(0)] string FromSite,
    [property: Id(1)] string ToSite,
    [property: Id(2)] int StoredBytes,
    [property: Id(3)] int CapacityBytes,
    [property: Id(4)] KeyPoolState State);
