using System.Security.Cryptography;

namespace QBroker.Grains.Qkd;

/// <summary>
/// End-to-end key for one master/slave pair, drawn from its path of links in one large chunk and issued from
/// memory a few bytes at a time. The generation numbers successive reserves, so a durable note of how far one was
/// consumed can never apply to its successor. Issued bytes are wiped here once copied out.
/// </summary>
public sealed class KeyReserve(long generation, IReadOnlyList<string> linkIds, byte[] key, int consumedBytes)
{
    public long Generation { get; } = generation;

    /// <summary>The links the key was drawn over (one, or a relay path).</summary>
    public IReadOnlyList<string> LinkIds { get; } = linkIds;

    /// <summary>The whole chunk; bytes before <see cref="ConsumedBytes"/> are already issued and zeroed.</summary>
    public byte[] Key { get; } = key;

    public int ConsumedBytes { get; private set; } = ValidConsumed(consumedBytes, key.Length);

    public int RemainingBytes => Key.Length - ConsumedBytes;

    /// <summary>The next <paramref name="bytes"/> bytes, removed from the reserve.</summary>
    public byte[] Take(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, RemainingBytes);
        var span = Key.AsSpan(ConsumedBytes, bytes);
        var taken = span.ToArray();
        span.Clear();
        ConsumedBytes += bytes;
        return taken;
    }

    /// <summary>Everything not yet issued, removed from the reserve (to carry it into the next generation).</summary>
    public byte[] TakeRest() => RemainingBytes == 0 ? [] : Take(RemainingBytes);

    /// <summary>Discards what is left, e.g. when a link of its path comes under attack.</summary>
    public void Wipe()
    {
        CryptographicOperations.ZeroMemory(Key);
        ConsumedBytes = Key.Length;
    }

    private static int ValidConsumed(int consumed, int length) =>
        consumed >= 0 && consumed <= length ? consumed : throw new ArgumentOutOfRangeException("consumedBytes", "The consumed bytes must lie within the key.");
}
