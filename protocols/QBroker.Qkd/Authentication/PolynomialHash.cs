using QBroker.Qkd.Bits;

namespace QBroker.Qkd.Authentication;

/// <summary>
/// Polynomial evaluation hash over GF(2^64): for message words m_1..m_L and key k,
/// h = m_1 k^(L+1) + ... + m_L k^2 + L k. Two different messages of at most L words collide for at most L + 1 keys
/// (a non-zero polynomial of degree L + 1 has at most that many roots), so the family is (L+1)/2^64-almost-xor-universal:
/// the hash of Wegman-Carter authentication (with a one-time pad on the tag) and of the verification step after
/// error correction. Fed word by word, so a transcript need not be kept in memory.
/// </summary>
public sealed class PolynomialHash(ulong key)
{
    private ulong _accumulator;
    private long _words;

    public void Absorb(ulong word)
    {
        _accumulator = GaloisField64.Multiply(_accumulator ^ word, key);
        _words++;
    }

    public void Absorb(ReadOnlySpan<ulong> words)
    {
        foreach (var word in words)
        {
            Absorb(word);
        }
    }

    /// <summary>Absorbs bytes as little-endian words, then their length, so byte strings of different lengths differ.</summary>
    public void AbsorbBytes(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            Absorb(BitConverter.ToUInt64(bytes.Slice(i, 8)));
        }

        if (i < bytes.Length)
        {
            Span<byte> tail = stackalloc byte[8];
            bytes[i..].CopyTo(tail);
            Absorb(BitConverter.ToUInt64(tail));
        }

        Absorb((ulong)bytes.Length);
    }

    /// <summary>The hash of everything absorbed so far (absorbing may continue afterwards).</summary>
    public ulong Value => GaloisField64.Multiply(_accumulator ^ (ulong)_words, key);

    public static ulong Compute(ulong key, ReadOnlySpan<ulong> words)
    {
        var hash = new PolynomialHash(key);
        hash.Absorb(words);
        return hash.Value;
    }
}
