using System.Data.Common;

namespace QBroker.Storage;

/// <summary>
/// One row written whether or not it exists: INSERT ... ON CONFLICT (key) DO UPDATE, valid for SQLite and PostgreSQL
/// alike. Each value is bound as a parameter named after its column; columns given as insert-only (such as a
/// creation time) keep the value of the first insert.
/// </summary>
internal static class SqlUpsert
{
    public static async Task<int> ExecuteAsync(
        DbConnection connection,
        DbTransaction transaction,
        string table,
        (string Column, object? Value) key,
        IReadOnlyList<(string Column, object? Value)> updated,
        IReadOnlyList<(string Column, object? Value)>? insertOnly = null)
    {
        var inserted = new[] { key }.Concat(updated).Concat(insertOnly ?? []).ToList();
        await using var command = connection.CreateCommand(transaction,
            $"INSERT INTO {table} ({string.Join(", ", inserted.Select(c => c.Column))}) " +
            $"VALUES ({string.Join(", ", inserted.Select(c => "@" + c.Column))}) " +
            $"ON CONFLICT ({key.Column}) DO UPDATE SET {string.Join(", ", updated.Select(c => $"{c.Column} = excluded.{c.Column}"))}");
        foreach (var (column, value) in inserted)
        {
            command.Add("@" + column, value);
        }
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
