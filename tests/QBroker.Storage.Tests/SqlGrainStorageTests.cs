using QBroker.Storage.Tests.Infrastructure;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;
using QBroker.Storage.GrainState;

namespace QBroker.Storage.Tests;

public sealed class SqlGrainStorageTests
{
    public sealed class Counter
    {
        public int Value { get; set; }
    }

    private sealed class Holder<T> : IGrainState<T>
        where T : new()
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public T State { get; set; } = new();
        public string? ETag { get; set; }
        public bool RecordExists { get; set; }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task State_round_trips_and_a_stale_etag_is_refused(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var storage = new SqlGrainStorage(db.Database);
        var grainId = GrainId.Create("device", "ibm-brooklyn");

        var first = new Holder<Counter>();
        await storage.ReadStateAsync("counter", grainId, first);
        Assert.False(first.RecordExists);
        first.State.Value = 1;
        await storage.WriteStateAsync("counter", grainId, first);

        var second = new Holder<Counter>();
        await storage.ReadStateAsync("counter", grainId, second);
        Assert.Equal(1, second.State.Value);
        second.State.Value = 2;
        await storage.WriteStateAsync("counter", grainId, second);

        // first still holds the old ETag: its write must fail rather than lose the second writer's update.
        first.State.Value = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("counter", grainId, first));

        var third = new Holder<Counter>();
        await storage.ReadStateAsync("counter", grainId, third);
        Assert.Equal(2, third.State.Value);

        await storage.ClearStateAsync("counter", grainId, third);
        var cleared = new Holder<Counter>();
        await storage.ReadStateAsync("counter", grainId, cleared);
        Assert.False(cleared.RecordExists);
    }
}
