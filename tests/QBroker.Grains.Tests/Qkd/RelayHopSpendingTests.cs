using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Tests.Qkd;

/// <summary>Relayed key costs every hop of its path its own key, the same amount on each.</summary>
public sealed class RelayHopSpendingTests
{
    [Fact]
    public async Task Drawing_a_relayed_key_takes_the_same_bytes_from_the_pool_of_every_hop_in_its_direction()
    {
        var first = await QkdCluster.StartAsync();
        await first.WaitForAsync("x-y", s => s.AToB.StoredBytes >= 1024);
        await first.WaitForAsync("y-z", s => s.AToB.StoredBytes >= 1024);
        await first.StopKeepingStoreAsync();
        // No block runs after the restart, so a pool changes only when key is drawn from it.
        await using var cluster = await QkdCluster.StartAsync(first.Folder, TimeSpan.FromHours(1));
        var direct = cluster.Grains.GetGrain<ILinkGrain>("x-z");
        // The direct link is exhausted from x, so key for x->z must be relayed through y.
        while ((await direct.GetSnapshot()).AToB.StoredBytes is > 0 and var stored)
        {
            await direct.Draw("x", stored);
        }
        var xyBefore = await cluster.Grains.GetGrain<ILinkGrain>("x-y").GetSnapshot();
        var yzBefore = await cluster.Grains.GetGrain<ILinkGrain>("y-z").GetSnapshot();

        var issued = await cluster.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("x", "z")).Issue(1, 32);

        Assert.Equal(KeyDeliveryFailure.None, issued.Failure);
        Assert.Equal(["x-y", "y-z"], issued.Path);
        var xyAfter = await cluster.Grains.GetGrain<ILinkGrain>("x-y").GetSnapshot();
        var yzAfter = await cluster.Grains.GetGrain<ILinkGrain>("y-z").GetSnapshot();
        var xySpent = xyBefore.AToB.StoredBytes - xyAfter.AToB.StoredBytes;
        var yzSpent = yzBefore.AToB.StoredBytes - yzAfter.AToB.StoredBytes;
        // One reserve chunk per hop: at least the key, at most the chunk size.
        Assert.InRange(xySpent, 32, QkdCluster.ReserveChunkBytes);
        Assert.Equal(xySpent, yzSpent);
        // The other direction of each hop is untouched.
        Assert.Equal(xyBefore.BToA.StoredBytes, xyAfter.BToA.StoredBytes);
        Assert.Equal(yzBefore.BToA.StoredBytes, yzAfter.BToA.StoredBytes);
    }
}
