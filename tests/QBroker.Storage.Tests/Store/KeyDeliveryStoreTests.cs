using QBroker.Grains.Qkd;
using QBroker.Storage.Tests.Infrastructure;

namespace QBroker.Storage.Tests.Store;

/// <summary>
/// The key-delivery tables come from the store's migration (no grain creates them), and the rows ETSI key delivery
/// keeps in them behave the same on SQLite and PostgreSQL.
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
        foreach (var table in new[] { "qkd_key_reserve", "qkd_awaiting_key" })
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
}
