using Npgsql;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the test command provisions (scripts/provision-postgres.sh exports its connection string).
/// A missing server fails the tests rather than skipping them. Each scenario gets a database of its own.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "QBROKER_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connection
            ? connection
            : throw new InvalidOperationException(
                $"{Variable} is not set: the cluster tests need PostgreSQL. Run `export {Variable}=\"$(bash scripts/provision-postgres.sh)\"` (bash scripts/test.sh does).");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a scenario's database, closing whatever connections are left (PostgreSQL 13+).</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync();
    }
}
