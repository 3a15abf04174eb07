using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using QBroker.Contracts.Qkd;
using QBroker.Storage.GrainState;

namespace QBroker.Grains.Qkd;

/// <summary>
/// Key delivery from one master site to one slave site. Issuing finds the best usable path of links, draws the
/// key from every hop's pool (each hop spends its own key) and, over more than one hop, relays it by one-time pad;
/// the keys are stored until the slave claims them, then deleted. Calls go one way, to link grains, so there is
/// no call cycle.
/// </summary>
public sealed class KeyDeliveryGrain(
    [PersistentState(stateName: "qkd-delivery", storageName: SqlGrainStorage.StorageName)] IPersistentState<KeyDeliveryState> state,
    QkdNetwork network,
    IOptions<QkdOptions> options) : Grain, IKeyDeliveryGrain
{
    private string MasterSite => this.GetPrimaryKeyString().Split("->")[0];

    private string SlaveSite => this.GetPrimaryKeyString().Split("->")[1];

    public async Task<KeyPathCapacity?> GetCapacity(int keyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keyBytes, 1);
        var edges = await EdgesAsync();
        var path = RelayPathFinder.Find(edges, MasterSite, SlaveSite, keyBytes, options.Value.MaxRelayHops);
        if (path is not null)
        {
            return new KeyPathCapacity(path.LinkIds, path.StoredBytes, path.CapacityBytes, path.RateBitsPerSecond);
        }
        // No path can serve a key now; report the nearest connection as holding nothing usable.
        var shortest = RelayPathFinder.Shortest(edges, MasterSite, SlaveSite, options.Value.MaxRelayHops);
        return shortest is null ? null : new KeyPathCapacity(shortest.LinkIds, 0, shortest.CapacityBytes, 0);
    }

    public async Task<KeyDeliveryOutcome> Issue(int number, int keyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(keyBytes, 1);
        if (state.State.AwaitingSlave.Count + number > options.Value.MaxPendingKeys)
        {
            return KeyDeliveryOutcome.Failed(KeyDeliveryFailure.Unavailable,
                $"{state.State.AwaitingSlave.Count} keys already wait for slave SAE '{SlaveSite}' to fetch them; at most {options.Value.MaxPendingKeys} may wait.");
        }
        var needed = number * keyBytes;
        var path = RelayPathFinder.Find(await EdgesAsync(), MasterSite, SlaveSite, needed, options.Value.MaxRelayHops);
        if (path is null)
        {
            return KeyDeliveryOutcome.Failed(KeyDeliveryFailure.Unavailable,
                $"No healthy path of QKD links from '{MasterSite}' to '{SlaveSite}' holds {needed} bytes of key now.");
        }
        var hopKeys = new List<byte[]>(path.Hops.Count);
        foreach (var hop in path.Hops)
        {
            var drawn = await GrainFactory.GetGrain<ILinkGrain>(hop.LinkId).Draw(hop.FromSite, needed);
            if (drawn is null)
            {
                // Another request drained the hop meanwhile. Key already drawn from earlier hops is discarded, never reused.
                hopKeys.ForEach(k => CryptographicOperations.ZeroMemory(k));
                return KeyDeliveryOutcome.Failed(KeyDeliveryFailure.Unavailable,
                    $"Link '{hop.LinkId}' ran out of key while serving the request; retry.");
            }
            hopKeys.Add(drawn);
        }
        // Over one hop the link key is the key; over more, the slave's side recovers the first hop's key by relay.
        var key = hopKeys.Count == 1 ? hopKeys[0] : OneTimePadRelay.Recover(hopKeys[^1], OneTimePadRelay.Announcements(hopKeys));
        var keys = new List<DeliveredKey>(number);
        for (var i = 0; i < number; i++)
        {
            var delivered = new DeliveredKey(Guid.NewGuid(), key.AsSpan(i * keyBytes, keyBytes).ToArray());
            // A copy: results of calls inside the silo are not copied ([Immutable]), and callers may wipe what they got.
            state.State.AwaitingSlave[delivered.KeyId] = delivered.Key.ToArray();
            keys.Add(delivered);
        }
        hopKeys.ForEach(k => CryptographicOperations.ZeroMemory(k));
        await state.WriteStateAsync();
        return new KeyDeliveryOutcome(keys, KeyDeliveryFailure.None, null, path.LinkIds);
    }

    public async Task<KeyDeliveryOutcome> Claim(IReadOnlyList<Guid> keyIds)
    {
        if (keyIds.Count == 0)
        {
            return KeyDeliveryOutcome.Failed(KeyDeliveryFailure.InvalidRequest, "No key IDs were given.");
        }
        if (keyIds.Distinct().Count() != keyIds.Count)
        {
            return KeyDeliveryOutcome.Failed(KeyDeliveryFailure.InvalidRequest, "A key ID is repeated.");
        }
        var unknown = keyIds.Where(id => !state.State.AwaitingSlave.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            return KeyDeliveryOutcome.Failed(KeyDeliveryFailure.InvalidRequest,
                $"No key from master SAE '{MasterSite}' awaits slave SAE '{SlaveSite}' with ID {string.Join(", ", unknown)} (unknown, or already delivered).");
        }
        var keys = keyIds.Select(id => new DeliveredKey(id, state.State.AwaitingSlave[id])).ToList();
        foreach (var id in keyIds)
        {
            state.State.AwaitingSlave.Remove(id);
        }
        await state.WriteStateAsync();
        return new KeyDeliveryOutcome(keys, KeyDeliveryFailure.None, null, []);
    }

    private async Task<IReadOnlyList<RelayEdge>> EdgesAsync()
    {
        var snapshots = await Task.WhenAll(network.Links.Select(l => GrainFactory.GetGrain<ILinkGrain>(l.Id).GetSnapshot()));
        return [.. snapshots.Select(s => new RelayEdge(
            s.Definition.Id, s.Definition.SiteA, s.Definition.SiteB, s.AToB.StoredBytes, s.BToA.StoredBytes,
            Math.Min(s.AToB.CapacityBytes, s.BToA.CapacityBytes), s.SecureKeyRateBitsPerSecond, s.Aborting))];
    }
}
