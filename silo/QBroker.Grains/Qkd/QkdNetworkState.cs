using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Qkd;

/// <summary>What the network register persists: the links created through the API, in creation order, and the ids deleted.</summary>
public sealed class QkdNetworkState
{
    public List<LinkDefinition> Links { get; set; } = [];

    /// <summary>Deleted links, built-in ones included, so a restart does not bring them back.</summary>
    public List<string> DeletedLinkIds { get; set; } = [];
}
