using QBroker.Storage.Jobs;
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

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_store_from_before_the_transitions_recorded_their_silo_gains_the_column_and_keeps_its_rows(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var id = Guid.NewGuid();
        await using (var connection = await db.Database.OpenAsync())
        {
            foreach (var statement in new[]
            {
                "CREATE TABLE job_transitions (job_id TEXT NOT NULL, version BIGINT NOT NULL, from_state INTEGER NULL, to_state INTEGER NOT NULL, at BIGINT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (job_id, version))",
                $"INSERT INTO job_transitions (job_id, version, from_state, to_state, at, reason) VALUES ('{id}', 1, NULL, 0, 0, 'submitted')",
            })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = statement;
                await command.ExecuteNonQueryAsync();
            }
        }

        await db.Database.MigrateAsync();
        await db.Database.MigrateAsync();

        var transition = Assert.Single(await new SqlJobStore(db.Database).GetTransitionsAsync(id));
        Assert.Equal("submitted", transition.Reason);
        Assert.Null(transition.Silo);
    }
}
