using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace QBroker.Storage.Cluster;

/// <summary>
/// Orleans' reminder table in the broker's database, so reminders survive the silo that registered them (and the
/// whole cluster's restart). Rows belong to the service id, not the cluster id, as reminders outlive a redeployment.
/// Each row carries an integer etag, bumped by every upsert; a removal naming a stale etag removes nothing.
/// </summary>
public sealed class SqlReminderTable(SqlDatabase database, IOptions<ClusterOptions> cluster) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period_ticks, etag";

    private string ServiceId => cluster.Value.ServiceId;

    public Task StartAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) =>
        QueryAsync("grain_id = @grain", command => command.Add("@grain", grainId.ToString()), cancellationToken);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    /// <summary>
    /// The reminders of grains whose uniform hash lies in the ring range (begin, end]; when begin is not below end
    /// the range wraps past the top of the ring (and begin == end is the whole ring).
    /// </summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) =>
        QueryAsync(
            begin < end ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)",
            command =>
            {
                command.Add("@begin", (long)begin);
                command.Add("@end", (long)end);
            },
            cancellationToken);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("grain_id = @grain AND reminder_name = @name", command =>
        {
            command.Add("@grain", grainId.ToString());
            command.Add("@name", reminderName);
        }, cancellationToken).ConfigureAwait(false);
        return rows.Reminders.FirstOrDefault();
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        long etag = 0;
        await database.CommitIfAsync(async (connection, transaction, token) =>
        {
            await using var command = Command(connection, transaction,
                "INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period_ticks, etag) " +
                "VALUES (@service, @grain, @name, @hash, @start, @period, 1) " +
                "ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE SET start_at = excluded.start_at, " +
                "period_ticks = excluded.period_ticks, etag = reminders.etag + 1 RETURNING etag");
            command.Add("@grain", entry.GrainId.ToString());
            command.Add("@name", entry.ReminderName);
            command.Add("@hash", (long)entry.GrainId.GetUniformHashCode());
            command.Add("@start", entry.StartAt.ToUniversalTime().Ticks);
            command.Add("@period", entry.Period.Ticks);
            etag = Convert.ToInt64(await command.ExecuteScalarAsync(token).ConfigureAwait(false), CultureInfo.InvariantCulture);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        return etag.ToString(CultureInfo.InvariantCulture);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
        database.CommitIfAsync(async (connection, transaction, token) =>
        {
            if (!long.TryParse(eTag, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expected))
            {
                return false;
            }
            await using var command = Command(connection, transaction,
                "DELETE FROM reminders WHERE service_id = @service AND grain_id = @grain AND reminder_name = @name AND etag = @etag");
            command.Add("@grain", grainId.ToString());
            command.Add("@name", reminderName);
            command.Add("@etag", expected);
            return await command.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, cancellationToken);

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public Task TestOnlyClearTable(CancellationToken cancellationToken) =>
        database.CommitIfAsync(async (connection, transaction, token) =>
        {
            await using var command = Command(connection, transaction, "DELETE FROM reminders WHERE service_id = @service");
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private async Task<ReminderTableData> QueryAsync(string condition, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM reminders WHERE service_id = @service AND {condition} ORDER BY grain_id, reminder_name";
        command.Add("@service", ServiceId);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<ReminderEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }
        return new ReminderTableData(entries);
    }

    private DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand(transaction, sql);
        command.Add("@service", ServiceId);
        return command;
    }
}
