using System.Collections.Concurrent;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Auth;

/// <summary>
/// Key lookups, cached briefly (<see cref="Lifetime"/>) so a busy client does not cost a database read per
/// request. A revoked key stops working on other silos within that time, and at once on the silo that revoked it.
/// </summary>
public sealed class ApiKeyCache(IAccountStore accounts, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Key, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public async Task<ApiKeyRecord?> FindAsync(string keyId)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(keyId, out var cached) && cached.Expires > now)
        {
            return cached.Key;
        }
        var key = await accounts.FindApiKeyAsync(keyId);
        _entries[keyId] = (key, now + Lifetime);
        return key;
    }

    public void Invalidate(string keyId) => _entries.TryRemove(keyId, out _);
}
