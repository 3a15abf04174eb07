using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using QBroker.Contracts.Qkd;
using QBroker.Storage;
using QBroker.Storage.GrainState;

namespace QBroker.Grains.Qkd;

/// <summary>
/// Key delivery from one master site to one slave site. Key is drawn from the best usable path of links (each hop
/// spends its own key; over more than one hop it is relayed by one-time pad) in large chunks into a
/// <see cref="KeyReserve"/>, persisted when drawn; each enc_keys request then takes its bytes from memory, and
/// returns once the issued keys and the reserve's new offset are durable (<see cref="KeyDeliveryStore"/>, group
/// committed with every other request in flight; the issued bytes leave the stored reserve in the same commit). A
/// key leaves the memory of this grain and the store when the slave claims it; a reserve dropped because a link of
/// its path aborted or was deleted leaves both at once.
/// <para>
/// The grain is reentrant so that many requests share one commit. That is safe because every decision on the
/// in-memory state (which bytes a request takes, whether a key id is still unclaimed) is made between awaits, on
/// the grain's single thread; awaits only wait for durability or for a refill in progress. Calls go one way, to
/// link grains, so there is no call cycle.
/// </para>
/// <para>
/// A request that leaves the reserve below <see cref="QkdOptions.ReservePrefetchFraction"/> of a chunk starts the
/// next refill without waiting for it. The refill is started from the grain's own turn (not <c>Task.Run</c>), so its
/// continuations run on the grain's scheduler like any interleaved request; requests keep taking from the old
/// reserve while the links are drawn, and only one arriving during the final durable save waits for it.
/// </para>
/// </summary>
[Reentrant]
public sealed partial class KeyDeliveryGrain(
    [PersistentState(stateName: "qkd-delivery", storageName: SqlGrainStorage.StorageName)] IPersistentState<KeyDeliveryState> earlierState,
    SqlDatabase database,
    QkdNetwork network,
    IOptions<QkdOptions> options,
    TimeProvider time,
    ILogger<KeyDeliveryGrain> logger) : Grain, IKeyDeliveryGrain
{
    private readonly KeyDeliveryStore store = new(database);
    private Dictionary<Guid, byte[]> _awaiting = [];
    private KeyReserve _reserve = new(0, [], [], 0);
    private Task<string?>? _refill;
    private Task? _healthCheck;
    private DateTimeOffset _healthCheckedAt = DateTimeOffset.MinValue;

    private string Pair => this.GetPrimaryKeyString();

    private string MasterSite => Pair.Split("->")[0];

    private string SlaveSite => Pair.Split("->")[1];

    private QkdOptions Options => options.Value;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (reserve, awaiting) = await store.LoadAsync(Pair);
        _reserve = reserve ?? _reserve;
        _awaiting = awaiting;
        // Keys issued before delivery kept its rows in their own table lived in this grain state: move them over once.
        if (earlierState.State.AwaitingSlave.Count > 0)
        {
            var moved = earlierState.State.AwaitingSlave.Select(k => (k.Key, k.Value)).ToList();
            await store.RecordIssuedAsync(Pair, _reserve.Generation, _reserve.ConsumedBytes, moved);
            foreach (var (id, key) in moved)
            {
                _awaiting[id] = key;
            }
            await earlierState.ClearStateAsync();
        }
    }

    public async Task<KeyPathCapacity?> GetCapacity(int keyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keyBytes, 1);
        await EnsureReserveHealthAsync();
        var reserved = _reserve.RemainingBytes;
        var edges = await EdgesAsync();
        var path = RelayPathFinder.Find(edges, MasterSite, SlaveSite, keyBytes, Options.MaxRelayHops);
        if (path is not null)
        {
            return new KeyPathCapacity(path.LinkIds, path.StoredBytes + reserved, path.CapacityBytes + Options.ReserveChunkBytes, path.RateBitsPerSecond);
        }
        // No path can serve a key now; report the nearest connection, holding only what is reserved.
        var shortest = RelayPathFinder.Shortest(edges, MasterSite, SlaveSite, Options.MaxRelayHops);
        return shortest is null ? null : new KeyPathCapacity(shortest.LinkIds, reserved, shortest.CapacityBytes + Options.ReserveChunkBytes, 0);
    }

    public async Task<KeyDeliveryOutcome> Issue(int number, int keyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(keyBytes, 1);
        var needed = number * keyBytes;
        var healthChecked = false;
        while (true)
        {
            if (_awaiting.Count + number > Options.MaxPendingKeys)
            {
                return KeyDeliveryOutcome.Failed(KeyDeliveryFailure.Unavailable,
                    $"{_awaiting.Count} keys already wait for slave SAE '{SlaveSite}' to fetch them; at most {Options.MaxPendingKeys} may wait.");
            }
            if (!healthChecked && !HealthIsFresh)
            {
                // Once per request: the check it waited for is fresh enough for it, however long the wait took.
                await EnsureReserveHealthAsync();
                healthChecked = true;
                continue;
            }
            if (_reserve.RemainingBytes >= needed)
            {
                break;
            }
            var refill = _refill ??= RefillAsync(needed);
            string? failure;
            try
            {
                failure = await refill;
            }
            finally
            {
                if (ReferenceEquals(_refill, refill))
                {
                    _refill = null;
                }
            }
            if (failure is not null)
            {
                return KeyDeliveryOutcome.Failed(KeyDeliveryFailure.Unavailable, failure);
            }
        }

        // From here to the durable write nothing awaits: these bytes and ids are this request's alone.
        var reserve = _reserve;
        var keys = new List<(Guid KeyId, byte[] Key)>(number);
        for (var i = 0; i < number; i++)
        {
            var key = (Guid.NewGuid(), reserve.Take(keyBytes));
            keys.Add(key);
            _awaiting.Add(key.Item1, key.Item2);
        }
        PrefetchIfLow();
        try
        {
            await store.RecordIssuedAsync(Pair, reserve.Generation, reserve.ConsumedBytes, keys);
        }
        catch
        {
            // Never acknowledged, so never handed out: forget the keys (their bytes stay consumed, never reissued).
            foreach (var (id, key) in keys)
            {
                _awaiting.Remove(id);
                CryptographicOperations.ZeroMemory(key);
            }
            throw;
        }
        // Copies: results of calls inside the silo are not copied ([Immutable]), and callers may wipe what they got.
        return new KeyDeliveryOutcome([.. keys.Select(k => new DeliveredKey(k.KeyId, k.Key.ToArray()))], KeyDeliveryFailure.None, null, reserve.LinkIds);
    }

    public async Task<KeyDeliveryOutcome> Claim(IReadOnlyList<Guid> keyIds)
    {
        if (FindAwaiting(keyIds) is { } refused)
        {
            return refused;
        }
        // Removed before the write, so a second claim arriving meanwhile already fails.
        var keys = keyIds.Select(id => new DeliveredKey(id, _awaiting[id])).ToList();
        foreach (var id in keyIds)
        {
            _awaiting.Remove(id);
        }
        try
        {
            await store.DeleteAwaitingAsync(Pair, keyIds);
        }
        catch
        {
            // Still stored, so still the slave's to claim.
            keys.ForEach(k => _awaiting[k.KeyId] = k.Key);
            throw;
        }
        return new KeyDeliveryOutcome(keys, KeyDeliveryFailure.None, null, []);
    }

    public Task<KeyDeliveryOutcome> Peek(IReadOnlyList<Guid> keyIds) =>
        Task.FromResult(FindAwaiting(keyIds) ?? new KeyDeliveryOutcome([.. keyIds.Select(id => new DeliveredKey(id, _awaiting[id].ToArray()))], KeyDeliveryFailure.None, null, []));

    public async Task Forget(IReadOnlyList<Guid> keyIds)
    {
        var keys = keyIds.Distinct().Where(_awaiting.ContainsKey).Select(id => (Id: id, Key: _awaiting[id])).ToList();
        if (keys.Count == 0)
        {
            return;
        }
        keys.ForEach(k => _awaiting.Remove(k.Id));
        try
        {
            await store.DeleteAwaitingAsync(Pair, [.. keys.Select(k => k.Id)]);
        }
        catch
        {
            keys.ForEach(k => _awaiting[k.Id] = k.Key);
            throw;
        }
        keys.ForEach(k => CryptographicOperations.ZeroMemory(k.Key));
    }

    public async Task DropReserveOver(string linkId)
    {
        if (_reserve.LinkIds.Contains(linkId))
        {
            await DropReserveAsync(_reserve);
        }
    }

    /// <summary>Null when every id is valid and waiting; otherwise the refusal (the same for claims and peeks).</summary>
    private KeyDeliveryOutcome? FindAwaiting(IReadOnlyList<Guid> keyIds)
    {
        if (keyIds.Count == 0)
        {
            return KeyDeliveryOutcome.Failed(KeyDeliveryFailure.InvalidRequest, "No key IDs were given.");
        }
        if (keyIds.Distinct().Count() != keyIds.Count)
        {
            return KeyDeliveryOutcome.Failed(KeyDeliveryFailure.InvalidRequest, "A key ID is repeated.");
        }
        var unknown = keyIds.Where(id => !_awaiting.ContainsKey(id)).ToList();
        return unknown.Count == 0 ? null : KeyDeliveryOutcome.Failed(KeyDeliveryFailure.InvalidRequest,
            $"No key from master SAE '{MasterSite}' awaits slave SAE '{SlaveSite}' with ID {string.Join(", ", unknown)} (unknown, or already delivered).");
    }

    /// <summary>
    /// Wipes the reserve at once (nothing more is issued from it), then deletes its rows, so a restart cannot bring
    /// it back (after a link was deleted and created again its health check would pass).
    /// </summary>
    private Task DropReserveAsync(KeyReserve reserve)
    {
        reserve.Wipe();
        return store.DeleteReserveAsync(Pair, reserve.Generation);
    }

    private bool HealthIsFresh => _reserve.RemainingBytes == 0 || time.GetUtcNow() - _healthCheckedAt <= Options.ReserveHealthMaxAge;

    /// <summary>
    /// Reserved key is served only while every link it came over is healthy: once one aborts (an eavesdropper, say),
    /// the reserve is dropped and key delivery fails closed or takes another path, like the pools themselves.
    /// </summary>
    private async Task EnsureReserveHealthAsync()
    {
        if (HealthIsFresh)
        {
            return;
        }
        var check = _healthCheck ??= CheckReserveHealthAsync();
        try
        {
            await check;
        }
        finally
        {
            if (ReferenceEquals(_healthCheck, check))
            {
                _healthCheck = null;
            }
        }
    }

    private async Task CheckReserveHealthAsync()
    {
        var reserve = _reserve;
        var snapshots = await Task.WhenAll(reserve.LinkIds.Where(id => network.TryGet(id, out _)).Select(id => GrainFactory.GetGrain<ILinkGrain>(id).GetSnapshot()));
        var healthy = snapshots.Length == reserve.LinkIds.Count && snapshots.All(s => !s.Aborting);
        if (!healthy && ReferenceEquals(reserve, _reserve))
        {
            await DropReserveAsync(reserve);
        }
        _healthCheckedAt = time.GetUtcNow();
    }

    /// <summary>
    /// Draws a new chunk (at least <paramref name="needed"/> bytes) along the best path, carries the unissued rest of
    /// the current reserve into it, and installs it once durable; null on success, else why no key can be had.
    /// </summary>
    private async Task<string?> RefillAsync(int needed)
    {
        var path = RelayPathFinder.Find(await EdgesAsync(), MasterSite, SlaveSite, needed, Options.MaxRelayHops);
        if (path is null)
        {
            return $"No healthy path of QKD links from '{MasterSite}' to '{SlaveSite}' holds {needed} bytes of key now.";
        }
        var chunk = Math.Max(needed, Math.Min(Options.ReserveChunkBytes, path.StoredBytes));
        var hopKeys = new List<byte[]>(path.Hops.Count);
        foreach (var hop in path.Hops)
        {
            var drawn = await GrainFactory.GetGrain<ILinkGrain>(hop.LinkId).Draw(hop.FromSite, chunk);
            if (drawn is null)
            {
                // Another pair drained the hop meanwhile. Key already drawn from earlier hops is discarded, never reused.
                hopKeys.ForEach(k => CryptographicOperations.ZeroMemory(k));
                return $"Link '{hop.LinkId}' ran out of key while serving the request; retry.";
            }
            hopKeys.Add(drawn);
        }
        // Over one hop the link key is the key; over more, the slave's side recovers the first hop's key by relay.
        var key = hopKeys.Count == 1 ? hopKeys[0] : OneTimePadRelay.Recover(hopKeys[^1], OneTimePadRelay.Announcements(hopKeys));
        if (hopKeys.Count > 1)
        {
            hopKeys.ForEach(k => CryptographicOperations.ZeroMemory(k));
        }
        // The rest of the old reserve moves into the new one now, so no request issues it while the new one is written.
        var rest = _reserve.TakeRest();
        var next = new KeyReserve(_reserve.Generation + 1, path.LinkIds, [.. rest, .. key], 0);
        CryptographicOperations.ZeroMemory(rest);
        CryptographicOperations.ZeroMemory(key);
        _reserve = new KeyReserve(next.Generation, [], [], 0);
        try
        {
            await store.SaveReserveAsync(Pair, next);
        }
        catch
        {
            next.Wipe();
            throw;
        }
        _reserve = next;
        _healthCheckedAt = time.GetUtcNow();
        return null;
    }

    /// <summary>Starts drawing the next chunk when the reserve runs low and no refill is under way; does not wait for it.</summary>
    private void PrefetchIfLow()
    {
        if (_refill is not null || _reserve.RemainingBytes >= Options.ReservePrefetchFraction * Options.ReserveChunkBytes)
        {
            return;
        }
        var refill = _refill = RefillAsync(1);
        _ = CompletePrefetchAsync(refill);
    }

    private async Task CompletePrefetchAsync(Task<string?> refill)
    {
        try
        {
            // No path now is not an error: the next request that needs key draws (or fails) for itself.
            await refill;
        }
        catch (Exception e)
        {
            LogPrefetchFailed(e, Pair);
        }
        finally
        {
            if (ReferenceEquals(_refill, refill))
            {
                _refill = null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key delivery {Pair}: drawing the next reserve chunk in the background failed")]
    private partial void LogPrefetchFailed(Exception exception, string pair);

    private async Task<IReadOnlyList<RelayEdge>> EdgesAsync()
    {
        var snapshots = await Task.WhenAll(network.Links.Select(l => GrainFactory.GetGrain<ILinkGrain>(l.Id).GetSnapshot()));
        return [.. snapshots.Select(s => new RelayEdge(
            s.Definition.Id, s.Definition.SiteA, s.Definition.SiteB, s.AToB.StoredBytes, s.BToA.StoredBytes,
            Math.Min(s.AToB.CapacityBytes, s.BToA.CapacityBytes), s.SecureKeyRateBitsPerSecond, s.Aborting))];
    }
}
