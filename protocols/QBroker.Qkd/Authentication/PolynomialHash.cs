using System.Buffers.Binary;
using QBroker.Qkd.Bits;

namespace QBroker.Qkd.Authentication;

/// <summary>
/// Polynomial evaluation hash over GF(2^64): for message words m_1..m_L and key k,
/// h = m_1 k^(L+1) + ... + m_L k^2 + L k. Two different messages of at most L words collide for at most L + 1 keys
/// (a non-zero polynomial of degree L + 1 has at most that many roots), so the family is (L+1)/2^64-almost-xor-universal:
/// the hash of Wegman-Carter authentication (with a one-time pad on the tag) and of the verification step after
/// error correction. Fed word by word, so a transcript need not be kept in memory; long inputs go four words a step
/// (see <see cref="AbsorbFour"/>), which gives the same value as word by word.
/// </summary>
public sealed class PolynomialHash(ulong key)
{
    private readonly ulong _keySquared = GaloisField64.Multiply(key, key);
    private readonly ulong _keyCubed = GaloisField64.Multiply(GaloisField64.Multiply(key, key), key);
    private readonly ulong _keyFourth = GaloisField64.Multiply(GaloisField64.Multiply(key, key), GaloisField64.Multiply(key, key));
    private ulong _accumulator;
    private long _words;

    public void Absorb(ulong word)
    {
        _accumulator = GaloisField64.Multiply(_accumulator ^ word, key);
        _words++;
    }

    public void Absorb(ReadOnlySpan<ulong> words)
    {
        var i = 0;
        for (; i + 4 <= words.Length; i += 4)
        {
            AbsorbFour(words[i], words[i + 1], words[i + 2], words[i + 3]);
        }

        for (; i < words.Length; i++)
        {
            Absorb(words[i]);
        }
    }

    /// <summary>Absorbs bytes as little-endian words, then their length, so byte strings of different lengths differ.</summary>
    public void AbsorbBytes(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        for (; i + 32 <= bytes.Length; i += 32)
        {
            AbsorbFour(
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i + 8)..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i + 16)..]),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i + 24)..]));
        }

        for (; i + 8 <= bytes.Length; i += 8)
        {
            Absorb(BinaryPrimitives.ReadUInt64LittleEndian(bytes[i..]));
        }

        if (i < bytes.Length)
        {
            Span<byte> tail = stackalloc byte[8];
            bytes[i..].CopyTo(tail);
            Absorb(BinaryPrimitives.ReadUInt64LittleEndian(tail));
        }

        Absorb((ulong)bytes.Length);
    }

    /// <summary>
    /// Horner's rule four words at a time: ((((h + a)k + b)k + c)k + d)k = (h + a)k^4 + b k^3 + c k^2 + d k. The four
    /// products do not wait for each other, and reduction being linear, their unreduced sum is reduced once; word by
    /// word, each step waits for the multiplication and reduction before it.
    /// </summary>
    private void AbsorbFour(ulong a, ulong b, ulong c, ulong d)
    {
        var (low0, high0) = CarrylessMultiplication.MultiplyWords(_accumulator ^ a, _keyFourth);
        var (low1, high1) = CarrylessMultiplication.MultiplyWords(b, _keyCubed);
        var (low2, high2) = CarrylessMultiplication.MultiplyWords(c, _keySquared);
        var (low3, high3) = CarrylessMultiplication.MultiplyWords(d, key);
        _accumulator = GaloisField64.Reduce(low0 ^ low1 ^ low2 ^ low3, high0 ^ high1 ^ high2 ^ high3);
        _words += 4;
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
