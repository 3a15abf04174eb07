using QBroker.Contracts.Qkd;
using QBroker.Storage;

namespace QBroker.Grains.Qkd;

/// <summary>
/// The wipe that follows a link's deletion, once the deletion is recorded and the network no longer has the link:
/// the link grain stops and deletes its stored key, and every key-delivery reserve drawn over the link is dropped
/// in memory and in the store. Dropping it only at its next health check would not do: if the link were created
/// again first (before or after a restart), the reserve would pass the check and its key would be served. The
/// host runs this on every delete and again at startup for each deleted link, which finishes a wipe a crash cut short.
/// </summary>
public static class LinkRemoval
{
    public static async Task WipeAsync(IGrainFactory grains, SqlDatabase database, string linkId)
    {
        await grains.GetGrain<ILinkGrain>(linkId).Delete();
        foreach (var pair in await new KeyDeliveryStore(database).PairsWithReserveOverAsync(linkId))
        {
            await grains.GetGrain<IKeyDeliveryGrain>(pair).DropReserveOver(linkId);
        }
    }
}
