using System.Data.Common;
using System.Runtime.CompilerServices;

namespace QBroker.Storage;

/// <summary>
/// Commands kept per connection and reused, for the group-commit writer's long-lived connection. A SQLite command
/// keeps its compiled statement between executions while its text is unchanged, so the writer compiles each
/// statement once instead of once per job (compiling was about a third of the writer's time under load). The
/// commands belong to the cache: callers bind parameters and execute, and never dispose them. Only for connections
/// used by one caller at a time, and not for pooled read connections, whose wrappers are short-lived.
/// </summary>
internal static class PreparedCommands
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> ByConnection = new();

    /// <summary>The connection's command for <paramref name="sql"/>, enlisted in <paramref name="transaction"/>, with no parameters bound.</summary>
    public static DbCommand Prepared(this DbConnection connection, DbTransaction transaction, string sql)
    {
        var commands = ByConnection.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }
}
