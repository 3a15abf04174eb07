using Microsoft.Data.Sqlite;
using QBroker.Contracts.Qkd;
using QBroker.Grains.Qkd;

namespace QBroker.Grains.Tests.Qkd;

/// <summary>Deleting a link: the grain stops, its key leaves memory and storage; the network register remembers it.</summary>
public sealed class LinkDeletionTests
{
    [Fact]
    public async Task A_deleted_link_stops_its_sessions_and_leaves_no_stored_key()
    {
        await using var cluster = await QkdCluster.StartAsync();
        await cluster.WaitForAsync("u-v", s => s.AToB.StoredBytes >= 64);
        await cluster.WaitForAsync("x-y", s => s.BlocksRun > 0);
        Assert.Equal(1, await StoredLinkRowsAsync(cluster, "u-v"));

        await cluster.Grains.GetGrain<ILinkGrain>("u-v").Delete();

        Assert.Equal(0, await StoredLinkRowsAsync(cluster, "u-v"));
        // Blocks are due every 20 ms and one may have been running during the delete: none may write key back.
        await Task.Delay(500);
        Assert.Equal(0, await StoredLinkRowsAsync(cluster, "u-v"));
        // Other links keep their key.
        Assert.Equal(1, await StoredLinkRowsAsync(cluster, "x-y"));
        Assert.True((await cluster.Grains.GetGrain<ILinkGrain>("x-y").GetSnapshot()).AToB.StoredBytes > 0);
    }

    [Fact]
    public async Task The_register_remembers_deleted_links_across_a_restart_until_one_is_created_again()
    {
        var first = await QkdCluster.StartAsync(blockPeriod: TimeSpan.FromHours(1));
        var register = first.Grains.GetGrain<IQkdNetworkGrain>(IQkdNetworkGrain.Key);
        var created = QkdCluster.Metro("v-w", "v", "w", 7);
        Assert.True(await register.AddLink(created));

        await register.RemoveLink("x-z");
        await register.RemoveLink("v-w");
        await register.RemoveLink("v-w");
        await first.StopKeepingStoreAsync();

        await using var second = await QkdCluster.StartAsync(first.Folder, TimeSpan.FromHours(1));
        var reloaded = second.Grains.GetGrain<IQkdNetworkGrain>(IQkdNetworkGrain.Key);
        Assert.Equal(["x-z", "v-w"], await reloaded.GetDeletedLinks());
        Assert.Empty(await reloaded.GetCreatedLinks());

        Assert.True(await reloaded.AddLink(created));
        Assert.Equal(["x-z"], await reloaded.GetDeletedLinks());
        Assert.Equal([created], await reloaded.GetCreatedLinks());
    }

    [Fact]
    public void Removing_a_link_from_the_network_drops_its_sites_and_keeps_earlier_snapshots_unchanged()
    {
        var network = new QkdNetwork([QkdCluster.XY, QkdCluster.YZ]);
        var before = network.Links;

        Assert.True(network.TryRemove("y-z"));
        Assert.False(network.TryRemove("y-z"));

        Assert.Equal(2, before.Count);
        Assert.Equal(["x-y"], network.Links.Select(l => l.Id));
        Assert.Equal(["x", "y"], network.Sites.Order());
        Assert.False(network.TryGet("y-z", out _));
        Assert.True(network.TryAdd(QkdCluster.YZ));
    }

    [Fact]
    public void Clearing_a_pool_empties_it()
    {
        var pool = new DirectionalKeyPool(16, [1, 2, 3, 4]);

        pool.Clear();

        Assert.Equal(0, pool.Count);
        Assert.Empty(pool.Snapshot());
        Assert.Null(pool.TryDraw(1));
        Assert.Equal(KeyPoolState.Empty, pool.State(0.1, 0.5));
    }

    private static async Task<long> StoredLinkRowsAsync(QkdCluster cluster, string linkId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(cluster.Folder, "qbroker.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_state WHERE state_name = 'qkd-link' AND grain_id LIKE $id";
        command.Parameters.AddWithValue("$id", "%/" + linkId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
