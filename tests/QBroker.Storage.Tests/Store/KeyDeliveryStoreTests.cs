using System.Text;
using QBroker.Grains.Qkd;
using QBroker.Storage.Tests.Infrastructure;

namespace QBroker.Storage.Tests.Store;

/// <summary>
/// The key-delivery tables come from the store's migration (no grain creates them), and the rows ETSI key delivery
/// keeps in them behave the same on SQLite and PostgreSQL; key bytes stay in them only while they are needed.
/// </summary>
public sealed class KeyDeliveryStoreTests
{
    private const string Pair = "kaist->kriss";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migration_alone_creates_the_key_delivery_tables_empty(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);

        await using var connection = await db.Database.OpenAsync();
        foreach (var table in new[] { "qkd_reserve_block", "qkd_awaiting_key" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM {table}";
            Assert.Equal(0L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Issued_keys_and_the_reserve_offset_survive_a_reload_until_the_slave_fetches_them(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new KeyDeliveryStore(db.Database);
        var material = Enumerable.Range(0, 96).Select(i => (byte)i).ToArray();
        await store.SaveReserveAsync(Pair, new KeyReserve(3, ["link-a", "link-b"], material.ToArray(), 0));
        var first = (Guid.NewGuid(), material[..32]);
        var second = (Guid.NewGuid(), material[32..64]);

        await store.RecordIssuedAsync(Pair, 3, 64, [first, second]);
        await store.DeleteAwaitingAsync(Pair, [first.Item1]);

        var (reserve, awaiting) = await new KeyDeliveryStore(db.Open()).LoadAsync(Pair);
        Assert.NotNull(reserve);
        Assert.Equal(3, reserve.Generation);
        Assert.Equal(["link-a", "link-b"], reserve.LinkIds);
        Assert.Equal(64, reserve.ConsumedBytes);
        Assert.Equal(material[64..], reserve.Take(32));
        Assert.Equal([second.Item1], awaiting.Keys);
        Assert.Equal(second.Item2, awaiting[second.Item1]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_offset_moves_only_forward_and_only_within_its_generation(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new KeyDeliveryStore(db.Database);
        await store.SaveReserveAsync(Pair, new KeyReserve(7, ["link-a"], new byte[128], 0));

        await store.RecordIssuedAsync(Pair, 7, 96, [(Guid.NewGuid(), new byte[32])]);
        // Committed out of order by the group commit: an earlier request's smaller offset must not move it back.
        await store.RecordIssuedAsync(Pair, 7, 32, [(Guid.NewGuid(), new byte[32])]);
        // A note about the previous generation never applies to the current one.
        await store.RecordIssuedAsync(Pair, 6, 128, [(Guid.NewGuid(), new byte[32])]);

        var (reserve, awaiting) = await store.LoadAsync(Pair);
        Assert.Equal(96, reserve!.ConsumedBytes);
        Assert.Equal(3, awaiting.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Many_keys_issued_at_once_are_all_recorded_and_all_deleted(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new KeyDeliveryStore(db.Database);
        await store.SaveReserveAsync(Pair, new KeyReserve(1, ["link-a"], new byte[32 * 300], 0));
        // More keys than one multi-row statement carries, so the statement splitting is exercised.
        var keys = Enumerable.Range(0, 300).Select(i => (Guid.NewGuid(), Enumerable.Repeat((byte)i, 32).ToArray())).ToList();

        await store.RecordIssuedAsync(Pair, 1, 32 * 300, keys);
        var (_, awaiting) = await store.LoadAsync(Pair);
        Assert.Equal(keys.ToDictionary(k => k.Item1, k => k.Item2), awaiting);

        await store.DeleteAwaitingAsync(Pair, [.. keys.Select(k => k.Item1)]);
        var (_, left) = await store.LoadAsync(Pair);
        Assert.Empty(left);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_reserve_rows_hold_exactly_the_unissued_bytes_as_keys_are_issued(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new KeyDeliveryStore(db.Database);
        // Three and a half blocks, so issuing crosses block boundaries and ends inside the short last block.
        var material = RandomBytes(seed: 11, 3 * KeyDeliveryStore.ReserveBlockBytes + 200);
        await store.SaveReserveAsync(Pair, new KeyReserve(5, ["link-a"], material.ToArray(), 0));
        Assert.Equal(Convert.ToHexString(material), await StoredReserveHexAsync(db));

        var offsets = new[] { 32, 40, KeyDeliveryStore.ReserveBlockBytes, 2 * KeyDeliveryStore.ReserveBlockBytes + 7, material.Length - 1, material.Length };
        foreach (var offset in offsets)
        {
            await store.RecordIssuedAsync(Pair, 5, offset, [(Guid.NewGuid(), new byte[8])]);

            Assert.Equal(Convert.ToHexString(material[offset..]), await StoredReserveHexAsync(db));
        }
        var (reserve, _) = await store.LoadAsync(Pair);
        Assert.True(reserve is null || reserve.RemainingBytes == 0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reserve_saved_part_issued_stores_and_reloads_only_its_rest(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new KeyDeliveryStore(db.Database);
        var material = RandomBytes(seed: 12, 1000);
        var reserve = new KeyReserve(2, ["link-a", "link-b"], material.ToArray(), 0);
        reserve.Take(600);

        await store.SaveReserveAsync(Pair, reserve);

        Assert.Equal(Convert.ToHexString(material[600..]), await StoredReserveHexAsync(db));
        var (reloaded, _) = await store.LoadAsync(Pair);
        Assert.Equal(600, reloaded!.ConsumedBytes);
        Assert.Equal(material[600..], reloaded.Take(400));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_dropped_reserve_leaves_no_rows_while_a_newer_generation_is_kept(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new KeyDeliveryStore(db.Database);
        await store.SaveReserveAsync(Pair, new KeyReserve(4, ["link-a"], RandomBytes(seed: 13, 2000), 0));

        // A drop of the generation before (decided while the new one was being written) leaves the new one alone.
        await store.DeleteReserveAsync(Pair, 3);
        Assert.Equal(4000, (await StoredReserveHexAsync(db)).Length);

        await store.DeleteReserveAsync(Pair, 4);
        Assert.Equal("", await StoredReserveHexAsync(db));
        var (reserve, _) = await new KeyDeliveryStore(db.Open()).LoadAsync(Pair);
        Assert.Null(reserve);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_pairs_with_a_reserve_over_a_link_are_found_by_the_links_of_their_path(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var store = new KeyDeliveryStore(db.Database);
        await store.SaveReserveAsync("a->c", new KeyReserve(1, ["a-b", "b-c"], new byte[1200], 0));
        await store.SaveReserveAsync("a->b", new KeyReserve(1, ["a-b"], new byte[10], 0));
        await store.SaveReserveAsync("b->c", new KeyReserve(1, ["b-c-2"], new byte[10], 0));

        Assert.Equal(["a->b", "a->c"], (await store.PairsWithReserveOverAsync("a-b")).Order());
        Assert.Equal(["a->c"], await store.PairsWithReserveOverAsync("b-c"));
        Assert.Empty(await store.PairsWithReserveOverAsync("b"));
    }

    [Fact]
    public async Task Migration_drops_the_earlier_reserve_table_with_the_whole_chunks_it_kept()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        await using (var connection = await db.Database.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                CREATE TABLE qkd_key_reserve (pair TEXT NOT NULL PRIMARY KEY, generation BIGINT NOT NULL, link_path TEXT NOT NULL, key_material TEXT NOT NULL, consumed_bytes BIGINT NOT NULL);
                INSERT INTO qkd_key_reserve VALUES ('kaist->kriss', 1, 'kaist-kriss', 'AAECAwQF', 3);
                """;
            await command.ExecuteNonQueryAsync();
        }

        await db.Database.MigrateAsync();

        await using var check = await db.Database.OpenAsync();
        await using var tables = check.CreateCommand();
        tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'qkd_key_reserve'";
        Assert.Equal(0L, (long)(await tables.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task On_SQLite_key_served_and_deleted_leaves_no_copy_in_the_database_file()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Sqlite);
        var store = new KeyDeliveryStore(db.Database);
        var material = RandomBytes(seed: 14, 4 * KeyDeliveryStore.ReserveBlockBytes);
        await store.SaveReserveAsync(Pair, new KeyReserve(1, ["link-a"], material.ToArray(), 0));
        var issued = Enumerable.Range(0, 40).Select(i => (KeyId: Guid.NewGuid(), Key: material[(i * 32)..((i + 1) * 32)])).ToList();
        foreach (var key in issued)
        {
            await store.RecordIssuedAsync(Pair, 1, (issued.IndexOf(key) + 1) * 32, [key]);
        }
        await store.DeleteAwaitingAsync(Pair, [.. issued.Select(k => k.KeyId)]);

        await using (var connection = await db.Database.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA secure_delete";
            Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
            // Everything into the database file, and the write-ahead log emptied, so the file is all there is.
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await command.ExecuteNonQueryAsync();
        }
        var file = Encoding.ASCII.GetString(await ReadSharedAsync(Path.Combine(db.Folder, "qbroker.db")));

        // The unissued rest is there, one row per block: the cut third block, then the whole fourth.
        Assert.Contains(Convert.ToHexString(material[(40 * 32)..(3 * KeyDeliveryStore.ReserveBlockBytes)]), file, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexString(material[(3 * KeyDeliveryStore.ReserveBlockBytes)..]), file, StringComparison.Ordinal);
        foreach (var (_, key) in issued)
        {
            Assert.DoesNotContain(Convert.ToHexString(key), file, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(key), file, StringComparison.Ordinal);
        }
    }

    private static byte[] RandomBytes(int seed, int count)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The pair's reserve rows as stored, read straight from the table, in block order.</summary>
    private static async Task<string> StoredReserveHexAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_hex FROM qkd_reserve_block WHERE pair = @pair ORDER BY block_index";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@pair";
        parameter.Value = Pair;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        var hex = new StringBuilder();
        while (await reader.ReadAsync())
        {
            hex.Append(reader.GetString(0));
        }
        return hex.ToString();
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
