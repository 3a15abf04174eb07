using QBroker.Storage.Tests.Infrastructure;

namespace QBroker.Storage.Tests.Store;

public sealed class StoreLockTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_named_lock_excludes_a_second_holder_on_another_connection_pool_until_released(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var otherSilo = db.Open();

        var first = await db.Database.AcquireLockAsync("seed");
        var second = otherSilo.AcquireLockAsync("seed");
        // Half a second is ample for an uncontended lock; the second holder must still be waiting after it.
        await Task.Delay(500);
        Assert.False(second.IsCompleted, "the second holder got the lock while the first still held it");

        await first.DisposeAsync();
        await using var acquired = await second.WaitAsync(TimeSpan.FromSeconds(10));
        var other = await db.Database.AcquireLockAsync("another-name").WaitAsync(TimeSpan.FromSeconds(10));
        await other.DisposeAsync();
    }
}
