using System.Net;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using QBroker.Storage.Cluster;
using QBroker.Storage.Tests.Infrastructure;

namespace QBroker.Storage.Tests.Cluster;

/// <summary>
/// The <see cref="IMembershipTable"/> contract on both providers: table version and etags as optimistic concurrency,
/// atomic row-plus-version changes, heartbeats that disturb nothing, and clean-up.
/// </summary>
public sealed class SqlMembershipTableTests
{
    private static readonly DateTime T0 = new(2026, 11, 25, 3, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_inserted_row_reads_back_whole_with_the_new_table_version(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var table = await InitializedTableAsync(db.Database);
        var empty = await table.ReadAllAsync(CancellationToken.None);
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        var entry = Entry(11111, SiloStatus.Joining);
        entry.AddOrUpdateSuspector(Silo(22222), T0.AddSeconds(5), 10);
        Assert.True(await table.InsertRowAsync(entry, empty.Version.Next(), CancellationToken.None));

        var all = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(1, all.Version.Version);
        Assert.NotEqual(empty.Version.VersionEtag, all.Version.VersionEtag);
        var (read, etag) = Assert.Single(all.Members);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal(entry.SiloName, read.SiloName);
        Assert.Equal(entry.HostName, read.HostName);
        Assert.Equal(entry.RoleName, read.RoleName);
        Assert.Equal(SiloStatus.Joining, read.Status);
        Assert.Equal(entry.ProxyPort, read.ProxyPort);
        Assert.Equal(entry.UpdateZone, read.UpdateZone);
        Assert.Equal(entry.FaultZone, read.FaultZone);
        Assert.Equal(entry.StartTime, read.StartTime);
        Assert.Equal(entry.IAmAliveTime, read.IAmAliveTime);
        var suspicion = Assert.Single(read.SuspectTimes!);
        Assert.Equal(Silo(22222), suspicion.Item1);
        Assert.Equal(T0.AddSeconds(5), suspicion.Item2);

        var row = await table.ReadRowAsync(entry.SiloAddress, CancellationToken.None);
        Assert.Equal(all.Version, row.Version);
        Assert.Equal(entry.SiloAddress, Assert.Single(row.Members).Item1.SiloAddress);
        var missing = await table.ReadRowAsync(Silo(33333), CancellationToken.None);
        Assert.Empty(missing.Members);
        Assert.Equal(all.Version, missing.Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Of_concurrent_inserts_naming_the_same_table_version_exactly_one_wins(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // Each contender has its own connection pool, as a separate silo process would.
        var pools = Enumerable.Range(0, 6).Select(_ => db.Open()).ToList();
        try
        {
            var tables = pools.Select(pool => Table(pool)).ToList();
            await tables[0].InitializeMembershipTableAsync(true, CancellationToken.None);
            for (var round = 0; round < 3; round++)
            {
                var version = (await tables[0].ReadAllAsync(CancellationToken.None)).Version;
                var outcomes = await Task.WhenAll(tables.Select((table, i) =>
                    Task.Run(() => table.InsertRowAsync(Entry(20000 + (round * 10) + i, SiloStatus.Joining), version.Next(), CancellationToken.None))));

                Assert.Equal(1, outcomes.Count(won => won));
                var after = await tables[0].ReadAllAsync(CancellationToken.None);
                // The losers left nothing behind: one row per round, and the version moved exactly once.
                Assert.Equal(round + 1, after.Members.Count);
                Assert.Equal(version.Version + 1, after.Version.Version);
            }
        }
        finally
        {
            foreach (var pool in pools)
            {
                await pool.DisposeAsync();
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stale_table_etag_or_row_etag_is_refused_and_changes_nothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var table = await InitializedTableAsync(db.Database);
        var v0 = (await table.ReadAllAsync(CancellationToken.None)).Version;
        Assert.True(await table.InsertRowAsync(Entry(11111, SiloStatus.Joining), v0.Next(), CancellationToken.None));

        // Insert naming the version the first insert consumed.
        Assert.False(await table.InsertRowAsync(Entry(22222, SiloStatus.Joining), v0.Next(), CancellationToken.None));
        var v1 = await table.ReadAllAsync(CancellationToken.None);
        var (row, rowEtag) = Assert.Single(v1.Members);
        // Inserting a silo that already has a row fails even with a current version, and leaves the version alone.
        Assert.False(await table.InsertRowAsync(Entry(11111, SiloStatus.Joining), v1.Version.Next(), CancellationToken.None));
        Assert.Equal(v1.Version, (await table.ReadAllAsync(CancellationToken.None)).Version);

        row.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(row, rowEtag, v1.Version.Next(), CancellationToken.None));
        var v2 = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(SiloStatus.Active, Assert.Single(v2.Members).Item1.Status);

        row.Status = SiloStatus.Dead;
        // Stale table etag (v1), current row etag.
        Assert.False(await table.UpdateRowAsync(row, Assert.Single(v2.Members).Item2, v1.Version.Next(), CancellationToken.None));
        // Current table etag, stale row etag (the one before the update).
        Assert.False(await table.UpdateRowAsync(row, rowEtag, v2.Version.Next(), CancellationToken.None));
        // A silo with no row cannot be updated.
        Assert.False(await table.UpdateRowAsync(Entry(33333, SiloStatus.Dead), "0", v2.Version.Next(), CancellationToken.None));

        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(v2.Version, after.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(after.Members).Item1.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_heartbeat_moves_only_the_alive_time_so_an_earlier_read_still_updates(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var table = await InitializedTableAsync(db.Database);
        var entry = Entry(11111, SiloStatus.Active);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));
        var before = await table.ReadAllAsync(CancellationToken.None);
        var (read, etag) = Assert.Single(before.Members);

        var heartbeat = Entry(11111, SiloStatus.Dead);
        heartbeat.IAmAliveTime = T0.AddMinutes(3);
        await table.UpdateIAmAliveAsync(heartbeat, CancellationToken.None);

        var after = await table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(before.Version, after.Version);
        var (alive, etagAfter) = Assert.Single(after.Members);
        Assert.Equal(T0.AddMinutes(3), alive.IAmAliveTime);
        Assert.Equal(SiloStatus.Active, alive.Status);
        Assert.Equal(etag, etagAfter);

        read.Status = SiloStatus.ShuttingDown;
        Assert.True(await table.UpdateRowAsync(read, etag, before.Version.Next(), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => table.UpdateIAmAliveAsync(Entry(44444, SiloStatus.Active), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cleanup_removes_only_dead_silos_silent_since_before_the_date_and_delete_only_its_cluster(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var table = await InitializedTableAsync(db.Database);
        var otherCluster = Table(db.Database, "other-cluster");
        await otherCluster.InitializeMembershipTableAsync(true, CancellationToken.None);
        await InsertAsync(otherCluster, Entry(11111, SiloStatus.Dead, aliveAt: T0));

        await InsertAsync(table, Entry(11111, SiloStatus.Dead, aliveAt: T0));
        await InsertAsync(table, Entry(22222, SiloStatus.Dead, aliveAt: T0.AddHours(2)));
        await InsertAsync(table, Entry(33333, SiloStatus.Active, aliveAt: T0));

        await table.CleanupDefunctSiloEntriesAsync(new DateTimeOffset(T0.AddHours(1)), CancellationToken.None);

        var left = (await table.ReadAllAsync(CancellationToken.None)).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([22222, 33333], left);
        Assert.Single((await otherCluster.ReadAllAsync(CancellationToken.None)).Members);

        await table.DeleteMembershipTableEntriesAsync(TestClusterId, CancellationToken.None);
        Assert.Empty((await table.ReadAllAsync(CancellationToken.None)).Members);
        Assert.Single((await otherCluster.ReadAllAsync(CancellationToken.None)).Members);
    }

    private const string TestClusterId = "test-cluster";

    private static SqlMembershipTable Table(SqlDatabase database, string clusterId = TestClusterId) =>
        new(database, Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = "qbroker" }));

    private static async Task<SqlMembershipTable> InitializedTableAsync(SqlDatabase database)
    {
        var table = Table(database);
        await table.InitializeMembershipTableAsync(true, CancellationToken.None);
        // A second initialisation (another silo starting) must not reset the version.
        await table.InitializeMembershipTableAsync(true, CancellationToken.None);
        return table;
    }

    private static async Task InsertAsync(SqlMembershipTable table, MembershipEntry entry) =>
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));

    private static SiloAddress Silo(int port) => SiloAddress.New(IPAddress.Loopback, port, 154_000_000 + port);

    private static MembershipEntry Entry(int port, SiloStatus status, DateTime? aliveAt = null) => new()
    {
        SiloAddress = Silo(port),
        SiloName = $"silo-{port}",
        HostName = "test-host",
        RoleName = "qbroker-silo",
        Status = status,
        ProxyPort = port + 1,
        UpdateZone = 2,
        FaultZone = 3,
        StartTime = T0,
        IAmAliveTime = aliveAt ?? T0.AddSeconds(30),
        SuspectTimes = [],
    };
}
