using System.Data.Common;
using System.Text;
using QBroker.Storage;

namespace QBroker.Grains.Qkd;

/// <summary>
/// Durable rows of key delivery, one pair of sites (master->slave) at a time: the unissued part of the reserve of
/// end-to-end key drawn from the links, and every key issued to the master that its slave has not fetched. Row by
/// row rather than one grain-state document, so issuing a key writes small rows instead of rewriting every waiting
/// key; writes go through the database's group commit, so a burst of requests shares one transaction.
/// <para>
/// Key bytes are kept only while they are needed. The reserve is stored in blocks of <see cref="ReserveBlockBytes"/>:
/// issuing key deletes the blocks it used up and cuts the block it ends in down to its unissued tail, so issued
/// bytes never stay in the reserve's rows; a dropped reserve's rows are deleted. Awaiting keys are deleted once
/// served. The SQL is the same for SQLite and PostgreSQL (reserve bytes as hex, so SQL can cut them by byte
/// offset; awaiting keys as base64). The tables (qkd_reserve_block, qkd_awaiting_key) are created by the store's
/// migration (QBroker.Storage Schema).
/// </para>
/// </summary>
public sealed class KeyDeliveryStore(SqlDatabase database)
{
    /// <summary>
    /// Bytes of reserve per row. A request rewrites at most one block (1 KiB of hex: inside one SQLite page, and
    /// below the size at which PostgreSQL moves a value out of line), and a large reserve chunk (256 KiB in the
    /// benchmark) is still only a few hundred rows, written once when drawn.
    /// </summary>
    public const int ReserveBlockBytes = 512;

    /// <summary>Rows per multi-row statement: at most 3 parameters a row stays far below SQLite's and PostgreSQL's parameter limits.</summary>
    private const int RowsPerStatement = 128;

    public async Task<(KeyReserve? Reserve, Dictionary<Guid, byte[]> Awaiting)> LoadAsync(string pair)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        KeyReserve? reserve;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT generation, link_path, start_byte, key_hex FROM qkd_reserve_block WHERE pair = @pair ORDER BY block_index";
            Add(command, "@pair", pair);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            var blocks = new List<(long Generation, string Path, long Start, byte[] Bytes)>();
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                blocks.Add((reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), Convert.FromHexString(reader.GetString(3))));
            }
            reserve = Assemble(pair, blocks);
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

    /// <summary>Replaces the pair's reserve by <paramref name="reserve"/> (its bytes from its consumed offset on).</summary>
    public Task SaveReserveAsync(string pair, KeyReserve reserve) => database.Writes.ExecuteAsync(async (connection, transaction) =>
    {
        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM qkd_reserve_block WHERE pair = @pair";
            Add(delete, "@pair", pair);
            await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        if (reserve.RemainingBytes == 0)
        {
            return 0;
        }
        var firstBlock = reserve.ConsumedBytes / ReserveBlockBytes;
        var blockCount = (reserve.Key.Length + ReserveBlockBytes - 1) / ReserveBlockBytes;
        for (var start = firstBlock; start < blockCount; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, blockCount - start);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            var values = new StringBuilder("INSERT INTO qkd_reserve_block (pair, block_index, generation, link_path, start_byte, key_hex) VALUES ");
            Add(insert, "@pair", pair);
            Add(insert, "@generation", reserve.Generation);
            Add(insert, "@path", string.Join(',', reserve.LinkIds));
            for (var i = 0; i < count; i++)
            {
                var block = start + i;
                var from = Math.Max(block * ReserveBlockBytes, reserve.ConsumedBytes);
                var to = Math.Min((block + 1) * ReserveBlockBytes, reserve.Key.Length);
                values.Append(i == 0 ? "" : ", ").Append("(@pair, @block").Append(i).Append(", @generation, @path, @start").Append(i).Append(", @key").Append(i).Append(')');
                Add(insert, "@block" + i, block);
                Add(insert, "@start" + i, (long)from);
                Add(insert, "@key" + i, Convert.ToHexString(reserve.Key.AsSpan(from, to - from)));
            }
            insert.CommandText = values.ToString();
            await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        return blockCount - firstBlock;
    });

    /// <summary>
    /// In one transaction: the keys now awaiting the slave, and how far the reserve of <paramref name="generation"/>
    /// is consumed (its rows lose every byte before that offset). After a restart the reserve resumes from there, so
    /// no byte acknowledged to a master is issued again.
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
                var values = new StringBuilder("INSERT INTO qkd_awaiting_key (pair, key_id, key_material) VALUES ");
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
            // Blocks wholly before the offset go; the block the offset falls in keeps only its tail. The group commit
            // may apply an earlier request's smaller offset later: it then finds nothing left to cut.
            var wholeBlocks = consumedBytes / ReserveBlockBytes;
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM qkd_reserve_block WHERE pair = @pair AND generation = @generation AND block_index < @whole";
            Add(delete, "@pair", pair);
            Add(delete, "@generation", generation);
            Add(delete, "@whole", wholeBlocks);
            await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
            await using var cut = connection.CreateCommand();
            cut.Transaction = transaction;
            cut.CommandText = """
                UPDATE qkd_reserve_block SET key_hex = substr(key_hex, CAST(2 * (@consumed - start_byte) + 1 AS INTEGER)), start_byte = @consumed
                WHERE pair = @pair AND block_index = @whole AND generation = @generation AND start_byte < @consumed
                """;
            Add(cut, "@pair", pair);
            Add(cut, "@generation", generation);
            Add(cut, "@whole", wholeBlocks);
            Add(cut, "@consumed", (long)consumedBytes);
            return await cut.ExecuteNonQueryAsync().ConfigureAwait(false);
        });

    /// <summary>Deletes the rows of the pair's reserve of <paramref name="generation"/> (a newer one is left alone).</summary>
    public Task DeleteReserveAsync(string pair, long generation) => database.Writes.ExecuteAsync(async (connection, transaction) =>
    {
        await using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM qkd_reserve_block WHERE pair = @pair AND generation = @generation";
        Add(delete, "@pair", pair);
        Add(delete, "@generation", generation);
        return await delete.ExecuteNonQueryAsync().ConfigureAwait(false);
    });

    /// <summary>The pairs whose stored reserve was drawn over <paramref name="linkId"/>.</summary>
    public async Task<IReadOnlyList<string>> PairsWithReserveOverAsync(string linkId)
    {
        await using var connection = await database.OpenAsync().ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT pair, link_path FROM qkd_reserve_block";
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        var pairs = new List<string>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            if (reader.GetString(1).Split(',').Contains(linkId, StringComparer.Ordinal))
            {
                pairs.Add(reader.GetString(0));
            }
        }
        return pairs;
    }

    /// <summary>Deletes keys the slave has fetched.</summary>
    public Task DeleteAwaitingAsync(string pair, IReadOnlyList<Guid> keyIds) => database.Writes.ExecuteAsync(async (connection, transaction) =>
    {
        for (var start = 0; start < keyIds.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, keyIds.Count - start);
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            var ids = new StringBuilder("DELETE FROM qkd_awaiting_key WHERE pair = @pair AND key_id IN (");
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

    /// <summary>
    /// The reserve from its stored blocks: the bytes before the first block's start were issued (zeros in memory, as
    /// in a running reserve), the rest follow block after block. Blocks that do not join up are a damaged store.
    /// </summary>
    private static KeyReserve? Assemble(string pair, List<(long Generation, string Path, long Start, byte[] Bytes)> blocks)
    {
        if (blocks.Count == 0)
        {
            return null;
        }
        var (generation, path, consumed, _) = blocks[0];
        var end = consumed;
        foreach (var block in blocks)
        {
            if (block.Generation != generation || block.Start != end)
            {
                throw new InvalidDataException($"The stored key reserve of '{pair}' is damaged: its blocks do not join up.");
            }
            end += block.Bytes.Length;
        }
        var key = new byte[end];
        foreach (var block in blocks)
        {
            block.Bytes.CopyTo(key, block.Start);
        }
        return new KeyReserve(generation, path.Length == 0 ? [] : path.Split(','), key, (int)consumed);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
