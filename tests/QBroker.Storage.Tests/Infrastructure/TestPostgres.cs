using Npgsql;

namespace QBroker.Storage.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the test command provisions (scripts/provision-postgres.sh). Its connection string comes from
/// QBROKER_TEST_POSTGRES, or from the file the script leaves in artifacts/postgres when a developer ran the script
/// by hand. A test that needs the server fails with this explanation when it is missing: it never skips.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "QBROKER_TEST_POSTGRES";

    private static readonly Lazy<string> Server = new(Locate);

    /// <summary>The provisioned server's connection string (its "qbroker" database).</summary>
    public static string ConnectionString => Server.Value;

    /// <summary>
    /// A fresh schema of its own in the provisioned database, and the connection string whose search path points at
    /// it, so tests running side by side never see each other's tables. Dropped by <see cref="DropSchemaAsync"/>.
    /// </summary>
    public static async Task<(string Schema, string ConnectionString)> CreateSchemaAsync()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema };
        return (schema, builder.ConnectionString);
    }

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Locate()
    {
        var connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = FindScriptOutput();
        }
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"No PostgreSQL server for the tests: {EnvironmentVariable} is not set and artifacts/postgres/connection-string does not exist. " +
                $"Run `export {EnvironmentVariable}=$(bash scripts/provision-postgres.sh)` (scripts/test.sh does this).");
        }
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
        }
        catch (Exception error) when (error is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL server at '{connectionString}' does not answer ({error.Message}). Start it with `bash scripts/provision-postgres.sh`.", error);
        }
        return connectionString;
    }

    /// <summary>The connection string scripts/provision-postgres.sh wrote into the repository's artifacts folder.</summary>
    private static string? FindScriptOutput()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var file = Path.Combine(folder.FullName, "artifacts", "postgres", "connection-string");
            if (File.Exists(file))
            {
                return File.ReadAllText(file).Trim();
            }
        }
        return null;
    }
}
