namespace QBroker.Grains.Qkd;

/// <summary>Keys handed to the master and not yet to the slave, by key id. Deleted once the slave has them.</summary>
public sealed class KeyDeliveryState
{
    public Dictionary<Guid, byte[]> AwaitingSlave { get; set; } = [];
}
