namespace QBroker.Qkd.Authentication;

/// <summary>
/// Secret key reserved for authenticating the classical channel. Each party of a link holds one; both start from the
/// same pre-shared secret, draw the same bytes in the same order, and refill from each session's final key, so they
/// stay identical. Key is consumed first in, first out and never reused.
/// </summary>
public sealed class AuthenticationKeyPool
{
    private readonly Queue<byte> _bytes;

    public AuthenticationKeyPool(ReadOnlySpan<byte> initialSecret)
    {
        _bytes = new Queue<byte>(initialSecret.Length);
        Replenish(initialSecret);
    }

    public int AvailableBits => _bytes.Count * 8;

    public long ConsumedBits { get; private set; }

    public long ReplenishedBits { get; private set; }

    /// <summary>Takes 64 fresh bits; fails if the pool is empty, so nothing is authenticated with reused key.</summary>
    public bool TryDrawWord(out ulong word)
    {
        word = 0;
        if (_bytes.Count < 8)
        {
            return false;
        }

        for (var i = 0; i < 8; i++)
        {
            word |= (ulong)_bytes.Dequeue() << (8 * i);
        }

        ConsumedBits += 64;
        return true;
    }

    public void Replenish(ReadOnlySpan<byte> key)
    {
        foreach (var b in key)
        {
            _bytes.Enqueue(b);
        }

        ReplenishedBits += key.Length * 8L;
    }

    /// <summary>
    /// An independent pool holding the same unused key and counters, so a session can consume from the copy while the
    /// original is still being read (persisted) elsewhere; the caller adopts the copy when the session ends.
    /// </summary>
    public AuthenticationKeyPool Copy()
    {
        return new AuthenticationKeyPool(Snapshot()) { ConsumedBits = ConsumedBits, ReplenishedBits = ReplenishedBits };
    }

    /// <summary>The unused key, for persisting the pool (the order is the order of use).</summary>
    public byte[] Snapshot() => [.. _bytes];
}
