using System.Buffers.Binary;
using System.Runtime.InteropServices;
using QBroker.Qkd.Bits;

namespace QBroker.Qkd.Authentication;

/// <summary>
/// Polynomial evaluation hash over GF(2^64): for message words m_1..m_L and key k,
/// h = m_1 k^(L+1) + ... + m_L k^2 + L k. Two different messages of at most L words collide for at most L + 1 keys
/// (a non-zero polynomial of degree L + 1 has at most that many roots), so the family is (L+1)/2^64-almost-xor-universal:
/// the hash of Wegman-Carter authentication (with a one-time pad on the tag) and of the verification step after
/// error correction. Fed word by word, so a transcript need not be kept in memory; long inputs go eight words a step
/// (see <see cref="AbsorbEight"/>), which gives the same value as word by word.
/// </summary>
public sealed class PolynomialHash
{
    private readonly ulong _key;

    // k^1 .. k^8: a step of eight words multiplies each by its own power.
    private readonly ulong[] _powers = new ulong[9];
    private ulong _accumulator;
    private long _words;

    public PolynomialHash(ulong key)
    {
        _key = key;
        _powers[1] = key;
        for (var i = 2; i < _powers.Length; i++)
        {
            _powers[i] = GaloisField64.Multiply(_powers[i - 1], key);
        }
    }

    public void Absorb(ulong word)
    {
        _accumulator = GaloisField64.Multiply(_accumulator ^ word, _key);
        _words++;
    }

    public void Absorb(ReadOnlySpan<ulong> words)
    {
        var i = 0;
        for (; i + 8 <= words.Length; i += 8)
        {
            AbsorbEight(words.Slice(i, 8));
        }

        for (; i < words.Length; i++)
        {
            Absorb(words[i]);
        }
    }

    /// <summary>Absorbs bytes as little-endian words, then their length, so byte strings of different lengths differ.</summary>
    public void AbsorbBytes(ReadOnlySpan<byte> bytes)
    {
        var whole = bytes.Length >> 3;
        if (BitConverter.IsLittleEndian)
        {
            // The bytes already are the little-endian words: read in place.
            Absorb(MemoryMarshal.Cast<byte, ulong>(bytes[..(whole << 3)]));
        }
        else
        {
            for (var i = 0; i < whole; i++)
            {
                Absorb(BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i << 3)..]));
            }
        }

        if ((whole << 3) < bytes.Length)
        {
            Span<byte> tail = stackalloc byte[8];
            tail.Clear();
            bytes[(whole << 3)..].CopyTo(tail);
            Absorb(BinaryPrimitives.ReadUInt64LittleEndian(tail));
        }

        Absorb((ulong)bytes.Length);
    }

    /// <summary>
    /// Horner's rule eight words at a time: ((h + m_1)k + m_2)k ... + m_8)k = (h + m_1)k^8 + m_2 k^7 + ... + m_8 k.
    /// The eight products do not wait for each other, and reduction being linear, their unreduced sum is reduced once;
    /// word by word, each step would wait for the multiplication and reduction before it.
    /// </summary>
    private void AbsorbEight(ReadOnlySpan<ulong> m)
    {
        var powers = _powers;
        var (low, high) = CarrylessMultiplication.MultiplyWords(_accumulator ^ m[0], powers[8]);
        for (var j = 1; j < 8; j++)
        {
            var (l, h) = CarrylessMultiplication.MultiplyWords(m[j], powers[8 - j]);
            low ^= l;
            high ^= h;
        }

        _accumulator = GaloisField64.Reduce(low, high);
        _words += 8;
    }

    /// <summary>The hash of everything absorbed so far (absorbing may continue afterwards).</summary>
    public ulong Value => GaloisField64.Multiply(_accumulator ^ (ulong)_words, _key);

    public static ulong Compute(ulong key, ReadOnlySpan<ulong> words)
    {
        var hash = new PolynomialHash(key);
        hash.Absorb(words);
        return hash.Value;
    }
}
