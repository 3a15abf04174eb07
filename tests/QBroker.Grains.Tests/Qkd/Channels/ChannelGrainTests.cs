using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Tests.Qkd.Channels;

/// <summary>
/// The channel grain over real key delivery: a message survives a restart, and a channel over an attacked link
/// takes another path or fails closed.
/// </summary>
public sealed class ChannelGrainTests
{
    [Fact]
    public async Task A_hybrid_message_sent_before_a_restart_is_opened_after_it()
    {
        var first = await QkdCluster.StartAsync();
        await first.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 512);
        Assert.Null((await first.Channel("u", "v").Send("hybrid", ChannelText.Of("shared before the restart"))).Failure);
        await first.StopKeepingStoreAsync();

        // No block runs after the restart: the message's key and the receiver's ML-KEM key pair come from the store.
        await using var second = await QkdCluster.StartAsync(first.Folder, TimeSpan.FromHours(1));
        var received = await second.Channel("u", "v").Receive();

        Assert.Null(received.Failure);
        Assert.Equal(["shared before the restart"], ChannelText.Read(received));
        Assert.Equal(["hybrid"], received.Messages.Select(m => m.Mode));
    }

    [Fact]
    public async Task A_channel_over_an_attacked_link_reroutes_through_a_relay()
    {
        await using var cluster = await QkdCluster.StartAsync();
        await cluster.WaitForAsync("x-y", s => s.AToB.StoredBytes >= 512);
        await cluster.WaitForAsync("x-z", s => s.AToB.StoredBytes >= 512);
        await cluster.WaitForAsync("y-z", s => s.BToA.StoredBytes >= 512);
        var channel = cluster.Channel("x", "y");
        var delivery = cluster.Grains.GetGrain<IKeyDeliveryGrain>(IKeyDeliveryGrain.KeyOf("x", "y"));
        // The first message's key comes over the direct link, and leaves a reserve drawn over it.
        Assert.Null((await channel.Send("aes-gcm", ChannelText.Of("before the attack"))).Failure);
        Assert.Equal(["x-y"], (await delivery.GetCapacity(32))!.LinkIds);

        await cluster.AttackUntilAbortingAsync("x-y");
        var sent = await channel.Send("aes-gcm", ChannelText.Of("during the attack"));

        Assert.Null(sent.Failure);
        Assert.Equal(["x-z", "y-z"], (await delivery.GetCapacity(32))!.LinkIds);
        var received = await channel.Receive();
        Assert.Null(received.Failure);
        Assert.Equal(["before the attack", "during the attack"], ChannelText.Read(received));
    }

    [Fact]
    public async Task A_channel_over_an_attacked_link_with_no_other_path_fails_closed()
    {
        await using var cluster = await QkdCluster.StartAsync();
        await cluster.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 512);
        var channel = cluster.Channel("u", "v");
        Assert.Null((await channel.Send("aes-gcm", ChannelText.Of("before the attack"))).Failure);

        await cluster.AttackUntilAbortingAsync("u-v");
        var refused = await channel.Send("aes-gcm", ChannelText.Of("during the attack"));

        Assert.Equal("no-key", refused.Failure);
        Assert.Null(refused.Sequence);
        // Only the message sealed before the attack was stored; the refused one left nothing to receive.
        Assert.Equal(["before the attack"], ChannelText.Read(await channel.Receive()));
    }
}
