using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace QBroker.Storage.Cluster;

/// <summary>
/// Orleans' membership table in the broker's database (SQLite or PostgreSQL), so a cluster needs no other server.
/// Concurrency follows the <see cref="IMembershipTable"/> contract: every insert or update of a silo row must name
/// the table version's current etag, and the row change and the new table version commit together or not at all.
/// A row etag guards updates of one row as well; heartbeats (<see cref="UpdateIAmAliveAsync"/>) change neither
/// etag, so what a silo read stays usable for its next update while only heartbeats happened in between.
/// </summary>
public sealed class SqlMembershipTable(SqlDatabase database, IOptions<ClusterOptions> cluster) : IMembershipTable
{
    private const string RowColumns =
        "m.silo, m.silo_name, m.host_name, m.role_name, m.status, m.proxy_port, m.update_zone, m.fault_zone, m.suspect_times, m.start_time, m.i_am_alive_time, m.etag";

    private string ClusterId => cluster.Value.ClusterId;

    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion, CancellationToken.None);

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken)
    {
        await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        if (!tryInitTableVersion)
        {
            return;
        }
        await database.CommitIfAsync(async (connection, transaction, token) =>
        {
            await using var command = Command(connection, transaction,
                "INSERT INTO membership_version (cluster_id, version, etag) VALUES (@cluster, 0, 0) ON CONFLICT DO NOTHING");
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken) =>
        database.CommitIfAsync(async (connection, transaction, token) =>
        {
            foreach (var table in new[] { "membership", "membership_version" })
            {
                await using var command = connection.CreateCommand(transaction, $"DELETE FROM {table} WHERE cluster_id = @cluster");
                command.Add("@cluster", clusterId);
                await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken);

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate, CancellationToken.None);

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken) =>
        database.CommitIfAsync(async (connection, transaction, token) =>
        {
            await using var command = Command(connection, transaction,
                "DELETE FROM membership WHERE cluster_id = @cluster AND status = @dead AND i_am_alive_time < @before");
            command.Add("@dead", (int)SiloStatus.Dead);
            command.Add("@before", beforeDate.UtcTicks);
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key, CancellationToken.None);

    public Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken) =>
        ReadAsync(key, cancellationToken);

    public Task<MembershipTableData> ReadAll() => ReadAllAsync(CancellationToken.None);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion, CancellationToken.None);

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken) =>
        database.CommitIfAsync(async (connection, transaction, token) =>
        {
            if (!await AdvanceVersionAsync(connection, transaction, tableVersion, token).ConfigureAwait(false))
            {
                return false;
            }
            await using var insert = Command(connection, transaction,
                "INSERT INTO membership (cluster_id, silo, silo_name, host_name, role_name, status, proxy_port, update_zone, fault_zone, " +
                "suspect_times, start_time, i_am_alive_time, etag) VALUES (@cluster, @silo, @name, @host, @role, @status, @proxy, @updateZone, " +
                "@faultZone, @suspects, @start, @alive, 0) ON CONFLICT DO NOTHING");
            BindEntry(insert, entry);
            return await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, cancellationToken);

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion, CancellationToken.None);

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken) =>
        database.CommitIfAsync(async (connection, transaction, token) =>
        {
            if (!long.TryParse(etag, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rowEtag)
                || !await AdvanceVersionAsync(connection, transaction, tableVersion, token).ConfigureAwait(false))
            {
                return false;
            }
            await using var update = Command(connection, transaction,
                "UPDATE membership SET silo_name = @name, host_name = @host, role_name = @role, status = @status, proxy_port = @proxy, " +
                "update_zone = @updateZone, fault_zone = @faultZone, suspect_times = @suspects, start_time = @start, i_am_alive_time = @alive, " +
                "etag = etag + 1 WHERE cluster_id = @cluster AND silo = @silo AND etag = @etag");
            BindEntry(update, entry);
            update.Add("@etag", rowEtag);
            return await update.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 1;
        }, cancellationToken);

    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry, CancellationToken.None);

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken) =>
        database.CommitIfAsync(async (connection, transaction, token) =>
        {
            await using var update = Command(connection, transaction,
                "UPDATE membership SET i_am_alive_time = @alive WHERE cluster_id = @cluster AND silo = @silo");
            update.Add("@alive", ToTicks(entry.IAmAliveTime));
            update.Add("@silo", entry.SiloAddress.ToParsableString());
            if (await update.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 0)
            {
                throw new InvalidOperationException($"No membership row for {entry.SiloAddress} in cluster {ClusterId}: its heartbeat has nowhere to go.");
            }
            return true;
        }, cancellationToken);

    /// <summary>
    /// Moves the table to <paramref name="next"/> if the table etag is still the one <paramref name="next"/> carries.
    /// On PostgreSQL a concurrent writer naming the same etag waits for this transaction's row lock, then finds the
    /// etag changed and updates nothing; on SQLite the write transaction excludes it outright.
    /// </summary>
    private async Task<bool> AdvanceVersionAsync(DbConnection connection, DbTransaction transaction, TableVersion next, CancellationToken cancellationToken)
    {
        if (!long.TryParse(next.VersionEtag, NumberStyles.Integer, CultureInfo.InvariantCulture, out var expected))
        {
            return false;
        }
        await using var update = Command(connection, transaction,
            "UPDATE membership_version SET version = @version, etag = etag + 1 WHERE cluster_id = @cluster AND etag = @expected");
        update.Add("@version", next.Version);
        update.Add("@expected", expected);
        return await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>
    /// The table version and the silo rows (all, or the one of <paramref name="silo"/>) in one statement, hence one
    /// snapshot: the contract requires them to be read atomically.
    /// </summary>
    private async Task<MembershipTableData> ReadAsync(SiloAddress? silo, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT v.version, v.etag, {RowColumns} FROM membership_version v " +
            "LEFT JOIN membership m ON m.cluster_id = v.cluster_id" + (silo is null ? string.Empty : " AND m.silo = @silo") +
            " WHERE v.cluster_id = @cluster ORDER BY m.silo";
        command.Add("@cluster", ClusterId);
        if (silo is not null)
        {
            command.Add("@silo", silo.ToParsableString());
        }
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        TableVersion? version = null;
        var rows = new List<Tuple<MembershipEntry, string>>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version ??= new TableVersion(reader.GetInt32(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture));
            if (!reader.IsDBNull(2))
            {
                rows.Add(Tuple.Create(ReadEntry(reader, 2), reader.GetInt64(13).ToString(CultureInfo.InvariantCulture)));
            }
        }
        // No version row: the table was never initialised for this cluster, which reads as empty at version 0.
        return new MembershipTableData(rows, version ?? new TableVersion(0, "0"));
    }

    private DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand(transaction, sql);
        command.Add("@cluster", ClusterId);
        return command;
    }

    private static void BindEntry(DbCommand command, MembershipEntry entry)
    {
        command.Add("@silo", entry.SiloAddress.ToParsableString());
        command.Add("@name", entry.SiloName ?? string.Empty);
        command.Add("@host", entry.HostName ?? string.Empty);
        command.Add("@role", entry.RoleName);
        command.Add("@status", (int)entry.Status);
        command.Add("@proxy", entry.ProxyPort);
        command.Add("@updateZone", entry.UpdateZone);
        command.Add("@faultZone", entry.FaultZone);
        command.Add("@suspects", SuspectList.Format(entry.SuspectTimes));
        command.Add("@start", ToTicks(entry.StartTime));
        command.Add("@alive", ToTicks(entry.IAmAliveTime));
    }

    private static MembershipEntry ReadEntry(DbDataReader reader, int first) => new()
    {
        SiloAddress = SiloAddress.FromParsableString(reader.GetString(first)),
        SiloName = reader.GetString(first + 1),
        HostName = reader.GetString(first + 2),
        RoleName = reader.GetNullableString(first + 3),
        Status = (SiloStatus)reader.GetInt32(first + 4),
        ProxyPort = reader.GetInt32(first + 5),
        UpdateZone = reader.GetInt32(first + 6),
        FaultZone = reader.GetInt32(first + 7),
        SuspectTimes = SuspectList.Parse(reader.GetString(first + 8)),
        StartTime = new DateTime(reader.GetInt64(first + 9), DateTimeKind.Utc),
        IAmAliveTime = new DateTime(reader.GetInt64(first + 10), DateTimeKind.Utc),
    };

    private static long ToTicks(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;
}
