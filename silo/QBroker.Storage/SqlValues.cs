using System.Data.Common;

namespace QBroker.Storage;

/// <summary>Conversions between domain values and the portable column types of <see cref="Schema"/>.</summary>
internal static class SqlValues
{
    private const decimal MicrosPerCredit = 1_000_000m;

    public static long ToMillis(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    public static long ToMicros(decimal credits) => decimal.ToInt64(decimal.Round(credits * MicrosPerCredit, MidpointRounding.AwayFromZero));

    public static decimal FromMicros(long micros) => micros / MicrosPerCredit;

    /// <summary>A command with its SQL, enlisted in <paramref name="transaction"/>.</summary>
    public static DbCommand CreateCommand(this DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static DbParameter Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public static string? GetNullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
