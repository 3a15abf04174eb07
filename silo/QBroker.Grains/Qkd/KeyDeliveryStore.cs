using System.Data.Common;
using QBroker.Storage;

namespace QBroker.Grains.Qkd;

/// <summary>
/// Durable rows of key delivery, one pair of sites (master->slave) at a time: the reserve of end-to-end key drawn
/// from the links but not yet issued, and every key issued to the master that its slave has not fetched. Row by
/// row rather than one grain-state document, so issuing a key writes one small row instead of rewriting every
/// waiting key; writes go through the database's group commit, so a burst of requests shares one transaction.
/// Key bytes are stored base64 in TEXT columns, the same SQL for SQLite and PostgreSQL, and deleted once served.
/// The tables (qkd_key_reserve, qkd_awaiting_key) are created by the store's migration (QBroker.Storage Schema).
/// </summary>
public sealed class KeyDeliveryStore(SqlDatabase database)
{
    /// <summary>Rows per multi-row statement: 2 parameters a row stays far below SQLite's and PostgreSQL's parameter limits.</summary>
    private const int RowsPerStatement = 128;

    public async Task<(KeyReserve? Reserve, Dictionary<Guid, byte[]> Awaiting)> LoadAsync(string pair)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        KeyReserve? reserve = null;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT generation, link_path, key_material, consumed_bytes FROM qkd_key_reserve WHERE pair = @pair";
            Add(command, "@pair", pair);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            if (await reader.ReadAsync().ConfigureAwait(false))
            {
                var path = reader.GetString(1);
                reserve = new KeyReserve(reader.GetInt64(0), path.Length == 0 ? [] : path.Split(','), Convert.FromBase64String(reader.GetString(2)), (int)reader.GetInt64(3));
            }
        }
        var awaiting = new Dictionary<Guid, byte[]>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT key_id, key_material FROM qkd_awaiting_key WHERE pair = @pair";
            Add(command, "@pair", pair);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                awaiting[Guid.Parse(reader.GetString(0))] = Convert.FromBase64String(reader.GetString(1));
            }
        }
        return (reserve, awaiting);
    }

    /// <summary>Replaces the pair's reserve by a new generation, nothing of it consumed yet.</summary>
    public Task SaveReserveAsync(string pair, KeyReserve reserve) => database.Writes.ExecuteAsync(async (connection, transaction) =>
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO qkd_key_reserve (pair, generation, link_path, key_material, consumed_bytes)
            VALUES (@pair, @generation, @path, @key, @consumed)
            ON CONFLICT (pair) DO UPDATE SET generation = excluded.generation, link_path = excluded.link_path,
                key_material = excluded.key_material, consumed_bytes = excluded.consumed_bytes
            """;
        Add(command, "@pair", pair);
        Add(command, "@generation", reserve.Generation);
        Add(command, "@path", string.Join(',', reserve.LinkIds));
        Add(command, "@key", Convert.ToBase64String(reserve.Key));
        Add(command, "@consumed", (long)reserve.ConsumedBytes);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    });

    /// <summary>
    /// In one transaction: the keys now awaiting the slave, and how far the reserve of <paramref name="generation"/>
    /// is consumed. After a restart the reserve resumes from there, so no byte acknowledged to a master is issued again.
    /// </summary>
    public Task RecordIssuedAsync(string pair, long generation, int consumedBytes, IReadOnlyList<(Guid KeyId, byte[] Key)> keys) =>
        database.Writes.ExecuteAsync(async (connection, transaction) =>
        {
            // Many rows per statement: one statement costs about as much as one row, and a burst issues many keys.
            for (var start = 0; start < keys.Count; start += RowsPerStatement)
            {
                var count = Math.Min(RowsPerStatement, keys.Count - start);
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                var values = new System.Text.StringBuilder("INSERT INTO qkd_awaiting_key (pair, key_id, key_material) VALUES ");
                Add(insert, "@pair", pair);
                for (var i = 0; i < count; i++)
                {
                    var (keyId, key) = keys[start + i];
                    values.Append(i == 0 ? "" : ", ").Append("(@pair, @id").Append(i).Append(", @key").Append(i).Append(')');
                    Add(insert, "@id" + i, keyId.ToString("D"));
                    Add(insert, "@key" + i, Convert.ToBase64String(key));
                }
                insert.CommandText = values.ToString();
                await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE qkd_key_reserve SET consumed_bytes = @consumed WHERE pair = @pair AND generation = @generation AND consumed_bytes < @consumed";
            Add(update, "@pair", pair);
            Add(update, "@generation", generation);
            Add(update, "@consumed", (long)consumedBytes);
            return await update.ExecuteNonQueryAsync().ConfigureAwait(false);
        });

    /// <summary>Deletes keys the slave has fetched.</summary>
    public Task DeleteAwaitingAsync(string pair, IReadOnlyList<Guid> keyIds) => database.Writes.ExecuteAsync(async (connection, transaction) =>
    {
        for (var start = 0; start < keyIds.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, keyIds.Count - start);
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            var ids = new System.Text.StringBuilder("DELETE FROM qkd_awaiting_key WHERE pair = @pair AND key_id IN (");
            Add(delete, "@pair", pair);
            for (var i = 0; i < count; i++)
            {
                ids.Append(i == 0 ? "@id" : ", @id").Append(i);
                Add(delete, "@id" + i, keyIds[start + i].ToString("D"));
            }
            delete.CommandText = ids.Append(')').ToString();
            await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        return keyIds.Count;
    });

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
