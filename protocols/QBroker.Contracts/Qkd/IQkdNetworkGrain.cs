namespace QBroker.Contracts.Qkd;

/// <summary>
/// The durable register of QKD links that operators created through the API (the demo network's links are built
/// in). One grain, key <see cref="Key"/>; silos load it at start so every link is known after a restart.
/// </summary>
[Alias("qbroker.IQkdNetworkGrain")]
public interface IQkdNetworkGrain : IGrainWithStringKey
{
    const string Key = "qkd-network";

    [Alias("GetCreatedLinks")]
    Task<IReadOnlyList<LinkDefinition>> GetCreatedLinks();

    /// <summary>Records a new link; false (and nothing recorded) when a link with its id exists already.</summary>
    [Alias("AddLink")]
    Task<bool> AddLink(LinkDefinition link);
}
