using System.Data.Common;
using System.Text;
using QBroker.Contracts.Accounting;

namespace QBroker.Storage.Ledger;

/// <summary><see cref="ILedgerStore"/> over <see cref="SqlDatabase"/>.</summary>
public sealed class SqlLedgerStore(SqlDatabase database) : ILedgerStore
{
    private const string Columns = "job_id, kind, institution_id, project_id, researcher_id, device_id, amount_micros, at";

    public async Task<IReadOnlyList<LedgerEntry>> QueryAsync(LedgerQuery query)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new StringBuilder("1 = 1");
        void Filter(string column, string parameter, object? value)
        {
            if (value is not null)
            {
                where.Append($" AND {column} = {parameter}");
                command.Add(parameter, value);
            }
        }
        Filter("institution_id", "@institution", query.InstitutionId);
        Filter("project_id", "@project", query.ProjectId);
        Filter("researcher_id", "@researcher", query.ResearcherId);
        Filter("device_id", "@device", query.DeviceId);
        Filter("kind", "@kind", query.Kind?.ToString());
        if (query.From is { } from)
        {
            where.Append(" AND at >= @from");
            command.Add("@from", SqlValues.ToMillis(from));
        }
        if (query.To is { } to)
        {
            where.Append(" AND at < @to");
            command.Add("@to", SqlValues.ToMillis(to));
        }
        command.CommandText = $"SELECT {Columns} FROM ledger WHERE {where} ORDER BY at, job_id, kind";
        return await ReadEntriesAsync(command).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LedgerTotals>> ProjectTotalsAsync(string institutionId, DateTimeOffset from, DateTimeOffset to)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            // Spending counts within the period; reservations count until released, whenever they were made, so an
            // escrow from the previous period released in this one nets to zero instead of going negative.
            "SELECT project_id, " +
            "SUM(CASE WHEN kind = 'Charge' AND at >= @from AND at < @to THEN amount_micros ELSE 0 END), " +
            "SUM(CASE WHEN kind = 'Escrow' THEN amount_micros WHEN kind = 'Release' THEN -amount_micros ELSE 0 END) " +
            "FROM ledger WHERE institution_id = @institution GROUP BY project_id ORDER BY project_id";
        command.Add("@institution", institutionId);
        command.Add("@from", SqlValues.ToMillis(from));
        command.Add("@to", SqlValues.ToMillis(to));
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var totals = new List<LedgerTotals>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            totals.Add(new LedgerTotals(reader.GetString(0), SqlValues.FromMicros(reader.GetInt64(1)), SqlValues.FromMicros(reader.GetInt64(2))));
        }
        return totals;
    }

    public async Task<IReadOnlyList<LedgerEntry>> OpenEscrowsAsync(string institutionId)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {Columns} FROM ledger e WHERE e.institution_id = @institution AND e.kind = 'Escrow' " +
            "AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.job_id = e.job_id AND r.kind = 'Release') ORDER BY at, job_id";
        command.Add("@institution", institutionId);
        return await ReadEntriesAsync(command).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(DbCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var entries = new List<LedgerEntry>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            entries.Add(new LedgerEntry(
                Guid.Parse(reader.GetString(0)),
                Enum.Parse<LedgerKind>(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                SqlValues.FromMicros(reader.GetInt64(6)),
                SqlValues.FromMillis(reader.GetInt64(7))));
        }
        return entries;
    }
}
