using Npgsql;

namespace QBroker.Storage;

/// <summary>A held PostgreSQL session advisory lock; disposing unlocks it and returns the connection.</summary>
internal sealed class PostgresAdvisoryLock(NpgsqlConnection connection, string name) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_advisory_unlock(hashtext(@name))";
            command.Add("@name", name);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
