using QBroker.Storage.Tests.Infrastructure;

namespace QBroker.Storage.Tests.Store;

public sealed class MigrationTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Silos_migrating_one_empty_store_at_once_all_succeed_and_create_every_table(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var silos = Enumerable.Range(0, 4).Select(_ => db.Open()).ToList();
        try
        {
            await Task.WhenAll(silos.Select(silo => Task.Run(() => silo.MigrateAsync())));
            // And again, as every later start does.
            await silos[0].MigrateAsync();
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }

        await using var connection = await db.Database.OpenAsync();
        foreach (var table in new[] { "jobs", "ledger", "grain_state", "membership", "membership_version", "reminders" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table}";
            Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
