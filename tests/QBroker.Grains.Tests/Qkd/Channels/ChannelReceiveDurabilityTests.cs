using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;
using QBroker.Storage;
using QBroker.Storage.GrainState;

namespace QBroker.Grains.Tests.Qkd.Channels;

/// <summary>
/// Receiving is crash-safe: the channel records a reception before it deletes the messages' keys, so a write that
/// fails before or after reaching the store never leaves a message that no key opens.
/// </summary>
public sealed class ChannelReceiveDurabilityTests
{
    /// <summary>A cluster whose grain storage can be told to fail its next write of a state.</summary>
    private static async Task<(QkdCluster Cluster, Func<FaultInjectingGrainStorage> Storage)> StartWithFaultsAsync()
    {
        FaultInjectingGrainStorage? storage = null;
        var cluster = await QkdCluster.StartAsync(services: services => services.AddKeyedSingleton<IGrainStorage>(
            SqlGrainStorage.StorageName, (provider, _) => storage = new FaultInjectingGrainStorage(new SqlGrainStorage(provider.GetRequiredService<SqlDatabase>()))));
        return (cluster, () => storage!);
    }

    [Fact]
    public async Task A_receive_whose_write_fails_leaves_the_message_and_its_key_for_the_next_receive()
    {
        var (cluster, storage) = await StartWithFaultsAsync();
        await using var _ = cluster;
        await cluster.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 512);
        var channel = cluster.Channel("u", "v");
        Assert.Null((await channel.Send("aes-gcm", ChannelText.Of("results of job 42"))).Failure);

        storage().FailNextWrite("qkd-channel", afterWriting: false);
        Assert.IsType<IOException>((await Assert.ThrowsAsync<OrleansException>(() => channel.Receive())).InnerException);

        var received = await channel.Receive();
        Assert.Null(received.Failure);
        Assert.Equal(["results of job 42"], ChannelText.Read(received));
        // Once the reception is recorded, its key is gone from key delivery, memory and store.
        Assert.Empty((await cluster.StoredKeyDeliveryAsync("u->v")).Awaiting);
        Assert.Empty((await channel.Receive()).Messages);
    }

    [Fact]
    public async Task A_receive_recorded_before_its_reply_failed_deletes_the_key_later_and_the_channel_goes_on()
    {
        var (cluster, storage) = await StartWithFaultsAsync();
        await using var _ = cluster;
        await cluster.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 512);
        var channel = cluster.Channel("u", "v");
        Assert.Null((await channel.Send("one-time-pad", ChannelText.Of("first"))).Failure);

        storage().FailNextWrite("qkd-channel", afterWriting: true);
        Assert.IsType<IOException>((await Assert.ThrowsAsync<OrleansException>(() => channel.Receive())).InnerException);
        // The reception was stored, the key not yet deleted: it waits in the store until the next receive.
        Assert.Single((await cluster.StoredKeyDeliveryAsync("u->v")).Awaiting);

        Assert.Null((await channel.Send("one-time-pad", ChannelText.Of("second"))).Failure);
        var received = await channel.Receive();

        Assert.Null(received.Failure);
        Assert.Equal(["second"], ChannelText.Read(received));
        Assert.Empty((await cluster.StoredKeyDeliveryAsync("u->v")).Awaiting);
    }
}
