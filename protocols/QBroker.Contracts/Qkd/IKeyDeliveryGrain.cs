namespace QBroker.Contracts.Qkd;

/// <summary>
/// Key delivery between one master SAE and one slave SAE, keyed by <see cref="KeyOf"/>. Keys handed to the master
/// are kept (durably) until the slave fetches them by id, then deleted: each key goes once to each side.
/// </summary>
[Alias("qbroker.IKeyDeliveryGrain")]
public interface IKeyDeliveryGrain : IGrainWithStringKey
{
    /// <summary>The grain key of a master/slave pair.</summary>
    static string KeyOf(string masterSite, string slaveSite) => masterSite + "->" + slaveSite;

    /// <summary>The best path for one key of <paramref name="keyBytes"/> bytes; null when the sites are not connected at all.</summary>
    [Alias("GetCapacity")]
    Task<KeyPathCapacity?> GetCapacity(int keyBytes);

    /// <summary>For the master (ETSI enc_keys): new keys drawn from the link, or relayed hop by hop along a path.</summary>
    [Alias("Issue")]
    Task<KeyDeliveryOutcome> Issue(int number, int keyBytes);

    /// <summary>For the slave (ETSI dec_keys): the keys with these ids, all or none; they are then forgotten.</summary>
    [Alias("Claim")]
    Task<KeyDeliveryOutcome> Claim(IReadOnlyList<Guid> keyIds);

    /// <summary>
    /// For a receiver that must record its progress before a key may go (an encrypted channel): copies of the keys
    /// with these ids, all or none, left waiting until <see cref="Forget"/>.
    /// </summary>
    [Alias("Peek")]
    Task<KeyDeliveryOutcome> Peek(IReadOnlyList<Guid> keyIds);

    /// <summary>Deletes the waiting keys with these ids, durably; ids no longer waiting are ignored, so a retry is harmless.</summary>
    [Alias("Forget")]
    Task Forget(IReadOnlyList<Guid> keyIds);

    /// <summary>Drops the reserve, in memory and in the store, if it was drawn over <paramref name="linkId"/> (a link being deleted).</summary>
    [Alias("DropReserveOver")]
    Task DropReserveOver(string linkId);
}
