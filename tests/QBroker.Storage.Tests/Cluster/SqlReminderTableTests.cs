using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;
using QBroker.Storage.Cluster;
using QBroker.Storage.Tests.Infrastructure;

namespace QBroker.Storage.Tests.Cluster;

public sealed class SqlReminderTableTests
{
    private static readonly DateTime T0 = new(2026, 11, 25, 3, 0, 0, DateTimeKind.Utc);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Upsert_bumps_the_etag_and_a_removal_naming_a_stale_etag_removes_nothing(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var table = Table(db.Database);
        await table.StartAsync(CancellationToken.None);
        var grain = GrainId.Create("scheduler", "pool-a");

        var first = await table.UpsertRow(Entry(grain, "keeper", TimeSpan.FromMinutes(1)));
        var second = await table.UpsertRow(Entry(grain, "keeper", TimeSpan.FromMinutes(2)));
        Assert.NotEqual(first, second);

        var read = await table.ReadRow(grain, "keeper");
        Assert.NotNull(read);
        Assert.Equal(TimeSpan.FromMinutes(2), read.Period);
        Assert.Equal(T0, read.StartAt);
        Assert.Equal(second, read.ETag);
        Assert.Null(await table.ReadRow(grain, "absent"));

        Assert.False(await table.RemoveRow(grain, "keeper", first!));
        Assert.NotNull(await table.ReadRow(grain, "keeper"));
        Assert.True(await table.RemoveRow(grain, "keeper", second!));
        Assert.Null(await table.ReadRow(grain, "keeper"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rows_are_found_by_grain_and_by_ring_range_including_a_range_that_wraps(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var table = Table(db.Database);
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("device", $"device-{i}")).ToList();
        foreach (var grain in grains)
        {
            await table.UpsertRow(Entry(grain, "a", TimeSpan.FromMinutes(1)));
            await table.UpsertRow(Entry(grain, "b", TimeSpan.FromMinutes(1)));
        }
        // Another service's reminders are invisible.
        await Table(db.Database, "another-service").UpsertRow(Entry(grains[0], "a", TimeSpan.FromMinutes(1)));

        Assert.Equal(["a", "b"], (await table.ReadRows(grains[3])).Reminders.Select(r => r.ReminderName));

        var hashes = grains.Select(g => g.GetUniformHashCode()).Order().ToList();
        var (low, high) = (hashes[10], hashes[30]);
        var inside = await table.ReadRows(low, high);
        // (low, high]: the 11th to 31st smallest hashes, two reminders each.
        Assert.Equal(20 * 2, inside.Reminders.Count);
        Assert.All(inside.Reminders, r => Assert.InRange(r.GrainId.GetUniformHashCode(), low + 1, high));
        var wrapped = await table.ReadRows(high, low);
        Assert.Equal((40 - 20) * 2, wrapped.Reminders.Count);
        Assert.Equal(40 * 2, (await table.ReadRows(low, low)).Reminders.Count);

        await table.TestOnlyClearTable();
        Assert.Empty((await table.ReadRows(low, low)).Reminders);
        Assert.Single((await Table(db.Database, "another-service").ReadRows(grains[0])).Reminders);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reminder_written_by_one_silo_is_read_by_the_next_after_a_restart(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var grain = GrainId.Create("job", Guid.NewGuid().ToString("N"));
        await using (var before = db.Open())
        {
            await Table(before).UpsertRow(Entry(grain, "timeout", TimeSpan.FromMinutes(5)));
        }

        await using var after = db.Open();
        var read = await Table(after).ReadRow(grain, "timeout");
        Assert.NotNull(read);
        Assert.Equal(TimeSpan.FromMinutes(5), read.Period);
    }

    private static SqlReminderTable Table(SqlDatabase database, string serviceId = "qbroker") =>
        new(database, Options.Create(new ClusterOptions { ClusterId = "test-cluster", ServiceId = serviceId }));

    private static ReminderEntry Entry(GrainId grain, string name, TimeSpan period) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = T0,
        Period = period,
    };
}
