using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Tests.Qkd;

public sealed class LinkGrainTests
{
    [Fact]
    public async Task A_link_fills_both_directional_pools_with_the_same_key_at_both_ends()
    {
        await using var cluster = await QkdCluster.StartAsync();
        var filled = await cluster.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 64 && s.BToA.StoredBytes >= 64);

        Assert.Null(filled.LastAbortReason);
        Assert.True(filled.SecureKeyRateBitsPerSecond > 0);
        Assert.InRange(filled.Qber!.Value, 0.0, 0.11);

        var delivery = cluster.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("v", "u"));
        var issued = await delivery.Issue(2, 32);
        Assert.Equal(KeyDeliveryFailure.None, issued.Failure);
        Assert.Equal(["u-v"], issued.Path);
        var claimed = await delivery.Claim([.. issued.Keys.Select(k => k.KeyId)]);
        Assert.Equal(issued.Keys.Select(k => Convert.ToBase64String(k.Key)), claimed.Keys.Select(k => Convert.ToBase64String(k.Key)));

        var again = await delivery.Claim([issued.Keys[0].KeyId]);
        Assert.Equal(KeyDeliveryFailure.InvalidRequest, again.Failure);
        Assert.Empty(again.Keys);
    }

    [Fact]
    public async Task A_channel_message_sealed_with_a_key_the_sender_then_wipes_still_opens_at_the_receiver()
    {
        await using var cluster = await QkdCluster.StartAsync();
        await cluster.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 64);
        var channel = cluster.Grains.GetGrain<IChannelGrain>(IKeyDeliveryGrain.KeyOf("u", "v"));

        var sent = await channel.Send("aes-gcm", [1, 2, 3]);
        var received = await channel.Receive();

        Assert.Null(sent.Failure);
        Assert.Null(received.Failure);
        Assert.Equal([1, 2, 3], received.Messages.Single().Plaintext);
    }

    [Fact]
    public async Task Pools_stop_at_capacity()
    {
        await using var cluster = await QkdCluster.StartAsync();
        var full = await cluster.WaitForAsync("u-v", s => s.AToB.StoredBytes == QkdCluster.PoolCapacityBytes && s.BToA.StoredBytes == QkdCluster.PoolCapacityBytes);
        var blocks = full.BlocksRun;
        await Task.Delay(300);

        var later = await cluster.Grains.GetGrain<ILinkGrain>("u-v").GetSnapshot();
        Assert.Equal(KeyPoolState.Ready, later.AToB.State);
        Assert.Equal(blocks, later.BlocksRun);
    }

    [Fact]
    public async Task An_eavesdropper_raises_the_QBER_and_stops_the_pool_and_removing_it_restores_the_link()
    {
        await using var cluster = await QkdCluster.StartAsync();
        var link = cluster.Grains.GetGrain<ILinkGrain>("u-v");
        await cluster.WaitForAsync("u-v", s => s.BlocksRun > 0 && s.LastAbortReason is null);

        await link.SetEavesdropper(new EavesdropperSpec(EavesdropperSpec.InterceptResend, 1.0));
        var attacked = await cluster.WaitForAsync("u-v", s => s.LastAbortReason is not null);
        var storedUnderAttack = attacked.AToB.StoredBytes + attacked.BToA.StoredBytes;
        // Full intercept-resend gives 25 % QBER (Bennett et al. 1992); far above the 11 % abort threshold.
        Assert.True(attacked.Qber > 0.15, $"QBER {attacked.Qber}");
        Assert.Equal(0, attacked.SecureKeyRateBitsPerSecond);
        var stillAttacked = await cluster.WaitForAsync("u-v", s => s.BlocksAborted >= attacked.BlocksAborted + 2);
        Assert.True(stillAttacked.AToB.StoredBytes + stillAttacked.BToA.StoredBytes <= storedUnderAttack);

        await link.SetEavesdropper(null);
        var restored = await cluster.WaitForAsync("u-v", s => s.LastAbortReason is null && s.BlocksRun > stillAttacked.BlocksRun);
        Assert.True(restored.SecureKeyRateBitsPerSecond > 0);
        Assert.Null(restored.Eavesdropper);
    }

    [Fact]
    public async Task An_eavesdropper_on_a_full_idle_link_shows_at_once_without_any_key_being_drawn()
    {
        // Supervision only when the eavesdropper changes: the periodic check is an hour away.
        await using var cluster = await QkdCluster.StartAsync(configure: qkd => qkd.SupervisionPeriod = TimeSpan.FromHours(1));
        var link = cluster.Grains.GetGrain<ILinkGrain>("u-v");
        var full = await cluster.WaitForAsync("u-v", BothPoolsFull);
        await Task.Delay(200);
        var idle = await link.GetSnapshot();
        Assert.Equal(full.BlocksRun, idle.BlocksRun);

        await link.SetEavesdropper(new EavesdropperSpec(EavesdropperSpec.InterceptResend, 1.0));
        var attacked = await cluster.WaitForAsync("u-v", s => s.Aborting, seconds: 30);

        // Full intercept-resend gives 25 % QBER, far above the 11 % abort threshold; no key was drawn to get there.
        Assert.True(attacked.Qber > 0.15, $"QBER {attacked.Qber}");
        Assert.Equal(0, attacked.SecureKeyRateBitsPerSecond);
        Assert.True(BothPoolsFull(attacked));
        // One supervising block, not a block per tick: the full link goes quiet again.
        await Task.Delay(300);
        var after = await link.GetSnapshot();
        Assert.Equal(attacked.BlocksRun, after.BlocksRun);
        Assert.Equal(attacked.BlocksAborted, after.BlocksAborted);
    }

    [Fact]
    public async Task A_full_idle_link_is_supervised_every_supervision_period()
    {
        await using var cluster = await QkdCluster.StartAsync(configure: qkd => qkd.SupervisionPeriod = TimeSpan.FromMilliseconds(200));
        var full = await cluster.WaitForAsync("u-v", BothPoolsFull);

        var supervised = await cluster.WaitForAsync("u-v", s => s.BlocksRun >= full.BlocksRun + 3, seconds: 30);

        Assert.True(BothPoolsFull(supervised));
        Assert.Null(supervised.LastAbortReason);
    }

    [Fact]
    public async Task Invalid_eavesdroppers_are_refused()
    {
        await using var cluster = await QkdCluster.StartAsync();
        var link = cluster.Grains.GetGrain<ILinkGrain>("u-v");

        await Assert.ThrowsAsync<ArgumentException>(() => link.SetEavesdropper(new EavesdropperSpec("laser-blinding", 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => link.SetEavesdropper(new EavesdropperSpec(EavesdropperSpec.InterceptResend, 1.5)));
    }

    [Fact]
    public async Task Configuration_pools_and_undelivered_keys_survive_a_restart()
    {
        var first = await QkdCluster.StartAsync();
        var before = await first.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 64);
        await first.Grains.GetGrain<ILinkGrain>("u-v").SetEavesdropper(new EavesdropperSpec(EavesdropperSpec.PhotonNumberSplitting, 0.5));
        var delivery = first.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("u", "v"));
        var issued = await delivery.Issue(1, 32);
        Assert.Equal(KeyDeliveryFailure.None, issued.Failure);
        await first.StopKeepingStoreAsync();

        // A very long block period: the restarted link runs no block before we look, so we see exactly what was stored.
        await using var second = await QkdCluster.StartAsync(first.Folder, TimeSpan.FromHours(1));
        var after = await second.Grains.GetGrain<ILinkGrain>("u-v").GetSnapshot();
        Assert.Equal(before.Definition, after.Definition);
        Assert.Equal(new EavesdropperSpec(EavesdropperSpec.PhotonNumberSplitting, 0.5), after.Eavesdropper);
        // Issuing drew one reserve chunk at most.
        Assert.True(after.AToB.StoredBytes >= before.AToB.StoredBytes - QkdCluster.ReserveChunkBytes);
        Assert.True(after.BlocksRun >= before.BlocksRun);

        var claimed = await second.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("u", "v")).Claim([issued.Keys[0].KeyId]);
        Assert.Equal(issued.Keys[0].Key, claimed.Keys.Single().Key);
    }

    [Fact]
    public async Task Keys_are_relayed_through_a_trusted_node_when_the_direct_link_is_under_attack()
    {
        await using var cluster = await QkdCluster.StartAsync();
        await cluster.WaitForAsync("x-y", s => s.AToB.StoredBytes >= 256);
        await cluster.WaitForAsync("y-z", s => s.AToB.StoredBytes >= 256);
        await cluster.WaitForAsync("x-z", s => s.AToB.StoredBytes >= 256);
        var delivery = cluster.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("x", "z"));
        Assert.Equal(["x-z"], (await delivery.GetCapacity(32))!.LinkIds);

        await cluster.Grains.GetGrain<ILinkGrain>("x-z").SetEavesdropper(new EavesdropperSpec(EavesdropperSpec.InterceptResend, 1.0));
        await cluster.WaitForAsync("x-z", s => s.Aborting);
        var capacity = await delivery.GetCapacity(32);
        Assert.NotNull(capacity);
        Assert.Equal(["x-y", "y-z"], capacity.LinkIds);
        Assert.True(capacity.StoredBytes >= 32);

        var issued = await delivery.Issue(4, 32);
        Assert.Equal(KeyDeliveryFailure.None, issued.Failure);
        Assert.Equal(["x-y", "y-z"], issued.Path);
        var claimed = await delivery.Claim([.. issued.Keys.Select(k => k.KeyId)]);
        Assert.Equal(issued.Keys.Select(k => k.Key), claimed.Keys.Select(k => k.Key));
    }

    [Fact]
    public async Task Sites_in_different_networks_get_no_key()
    {
        await using var cluster = await QkdCluster.StartAsync();
        var none = cluster.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("x", "u"));

        Assert.Null(await none.GetCapacity(32));
        Assert.Equal(KeyDeliveryFailure.Unavailable, (await none.Issue(1, 32)).Failure);
    }

    private static bool BothPoolsFull(LinkSnapshot s) =>
        s.AToB.StoredBytes == s.AToB.CapacityBytes && s.BToA.StoredBytes == s.BToA.CapacityBytes;
}
