using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Qkd;

/// <summary>What the network register persists: the links created through the API, in creation order.</summary>
public sealed class QkdNetworkState
{
    public List<LinkDefinition> Links { get; set; } = [];
}
