namespace QBroker.Contracts.Qkd;

/// <summary>
/// The durable register of QKD links that operators created or deleted through the API (the demo network's links
/// are built in; deleting one records that it stays deleted). One grain, key <see cref="Key"/>; silos load it at start so every link is known after a restart.
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

    /// <summary>Ids of links deleted through the API (built-in or created) that were not created again since.</summary>
    [Alias("GetDeletedLinks")]
    Task<IReadOnlyList<string>> GetDeletedLinks();

    /// <summary>Records that a link is deleted, durably, before anyone is told; idempotent.</summary>
    [Alias("RemoveLink")]
    Task RemoveLink(string linkId);
}
