using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Tests.Qkd;

/// <summary>Key delivery from the in-memory reserve: concurrency, durability across restarts, and attacks.</summary>
public sealed class KeyDeliveryReserveTests
{
    [Fact]
    public async Task Concurrent_requests_get_distinct_keys_each_claimed_once_with_the_same_bytes()
    {
        await using var cluster = await QkdCluster.StartAsync();
        await cluster.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 64 * 32);
        var delivery = cluster.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("u", "v"));

        // 64 requests of 32 bytes = 2 KiB: several reserve chunks of 256 bytes, drawn while requests interleave.
        var issued = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => delivery.Issue(1, 32)));

        Assert.All(issued, outcome => Assert.Equal(KeyDeliveryFailure.None, outcome.Failure));
        var keys = issued.Select(o => o.Keys.Single()).ToList();
        Assert.Equal(64, keys.Select(k => k.KeyId).Distinct().Count());
        Assert.Equal(64, keys.Select(k => Convert.ToBase64String(k.Key)).Distinct().Count());
        var claimed = await Task.WhenAll(keys.Select(k => delivery.Claim([k.KeyId])));
        Assert.Equal(keys.Select(k => Convert.ToBase64String(k.Key)), claimed.Select(c => Convert.ToBase64String(c.Keys.Single().Key)));
        var again = await Task.WhenAll(keys.Take(8).Select(k => delivery.Claim([k.KeyId])));
        Assert.All(again, outcome => Assert.Equal(KeyDeliveryFailure.InvalidRequest, outcome.Failure));
    }

    [Fact]
    public async Task After_a_restart_the_reserve_resumes_past_every_key_issued_and_unclaimed_keys_remain()
    {
        var first = await QkdCluster.StartAsync();
        await first.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 512);
        var before = first.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("u", "v"));
        var claimedBefore = await before.Issue(2, 32);
        var unclaimed = await before.Issue(2, 32);
        await before.Claim([.. claimedBefore.Keys.Select(k => k.KeyId)]);
        var issuedBefore = claimedBefore.Keys.Concat(unclaimed.Keys).Select(k => Convert.ToBase64String(k.Key)).ToHashSet();
        await first.StopKeepingStoreAsync();

        // No block runs in the restarted cluster, so new keys can only come from the persisted reserve (and pool).
        await using var second = await QkdCluster.StartAsync(first.Folder, TimeSpan.FromHours(1));
        var after = second.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("u", "v"));
        var issuedAfter = await after.Issue(4, 32);

        Assert.Equal(KeyDeliveryFailure.None, issuedAfter.Failure);
        Assert.DoesNotContain(issuedAfter.Keys, k => issuedBefore.Contains(Convert.ToBase64String(k.Key)));
        var stillWaiting = await after.Claim([.. unclaimed.Keys.Select(k => k.KeyId)]);
        Assert.Equal(unclaimed.Keys.Select(k => k.Key), stillWaiting.Keys.Select(k => k.Key));
        var gone = await after.Claim([claimedBefore.Keys[0].KeyId]);
        Assert.Equal(KeyDeliveryFailure.InvalidRequest, gone.Failure);
    }

    [Fact]
    public async Task Reserved_key_is_dropped_when_its_link_comes_under_attack()
    {
        await using var cluster = await QkdCluster.StartAsync();
        await cluster.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 512);
        var delivery = cluster.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("u", "v"));
        Assert.Equal(KeyDeliveryFailure.None, (await delivery.Issue(1, 32)).Failure);
        Assert.True((await delivery.GetCapacity(32))!.StoredBytes >= QkdCluster.ReserveChunkBytes - 32);

        Assert.NotNull((await cluster.StoredKeyDeliveryAsync("u->v")).Reserve);

        await cluster.AttackUntilAbortingAsync("u-v");

        // u and v have no other path: with the reserve dropped, delivery fails closed.
        var refused = await delivery.Issue(1, 32);
        Assert.Equal(KeyDeliveryFailure.Unavailable, refused.Failure);
        Assert.Equal(0, (await delivery.GetCapacity(32))!.StoredBytes);
        // Dropped in the store too: a restart does not bring it back.
        Assert.Null((await cluster.StoredKeyDeliveryAsync("u->v")).Reserve);
    }

    [Theory]
    [InlineData(0.5, true)]
    [InlineData(0.0, false)]
    public async Task A_reserve_run_below_the_prefetch_mark_is_refilled_without_another_request(double prefetchFraction, bool refilled)
    {
        await using var cluster = await QkdCluster.StartAsync(configure: qkd => qkd.ReservePrefetchFraction = prefetchFraction);
        await cluster.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 1024);
        var delivery = cluster.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("u", "v"));
        // The first request draws one chunk (256 bytes) and leaves 224; then 128 bytes leave 96, below half a chunk.
        Assert.Equal(KeyDeliveryFailure.None, (await delivery.Issue(1, 32)).Failure);
        var drawn = (await cluster.StoredKeyDeliveryAsync("u->v")).Reserve!;
        Assert.Equal(KeyDeliveryFailure.None, (await delivery.Issue(4, 32)).Failure);

        // No further request: only a background draw can bring a new reserve generation.
        var deadline = DateTime.UtcNow.AddSeconds(refilled ? 30 : 1);
        var reserve = drawn;
        while (reserve.Generation == drawn.Generation && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            reserve = (await cluster.StoredKeyDeliveryAsync("u->v")).Reserve!;
        }

        if (refilled)
        {
            Assert.Equal(drawn.Generation + 1, reserve.Generation);
            // The 96 bytes left carried over, plus a new chunk.
            Assert.Equal(96 + QkdCluster.ReserveChunkBytes, reserve.RemainingBytes);
        }
        else
        {
            Assert.Equal(drawn.Generation, reserve.Generation);
            Assert.Equal(96, reserve.RemainingBytes);
        }
    }
}
