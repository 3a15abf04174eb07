namespace QBroker.Contracts.Qkd;

/// <summary>
/// One QKD link, keyed by its id. While active it runs protocol blocks on a timer and appends each block's key
/// (identical at both ends) to its two directional pools; configuration and pools are durable grain state.
/// </summary>
[Alias("qbroker.ILinkGrain")]
public interface ILinkGrain : IGrainWithStringKey
{
    [Alias("GetSnapshot")]
    Task<LinkSnapshot> GetSnapshot();

    /// <summary>Puts an eavesdropper on the link, or removes it (null). Takes effect from the next block.</summary>
    [Alias("SetEavesdropper")]
    Task<LinkSnapshot> SetEavesdropper(EavesdropperSpec? eavesdropper);

    /// <summary>
    /// Removes <paramref name="bytes"/> bytes of key from the pool of the direction starting at
    /// <paramref name="fromSite"/> and returns them; null (and nothing removed) when the pool holds fewer.
    /// </summary>
    [Alias("Draw")]
    Task<byte[]?> Draw(string fromSite, int bytes);

    /// <summary>
    /// Deletes the link: stops its sessions, wipes both pools and its authentication key, and removes its stored
    /// state. Calls after that answer as for an unknown link (Draw: null). Idempotent.
    /// </summary>
    [Alias("Delete")]
    Task Delete();
}
