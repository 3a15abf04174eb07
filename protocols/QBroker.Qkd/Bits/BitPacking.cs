namespace QBroker.Qkd.Bits;

/// <summary>
/// Conversions between one-bit-per-byte arrays (convenient for the random access that sifting and Cascade do) and
/// packed forms: 64-bit words for hashing, bytes for keys handed out. Bit i sits at position i % 64 of word i / 64
/// (and i % 8 of byte i / 8): least significant first in both.
/// </summary>
public static class BitPacking
{
    public static int WordCount(long bitCount) => (int)((bitCount + 63) >> 6);

    public static ulong[] PackToWords(ReadOnlySpan<byte> bits)
    {
        var words = new ulong[WordCount(bits.Length)];
        for (var i = 0; i < bits.Length; i++)
        {
            words[i >> 6] |= (ulong)(bits[i] & 1) << (i & 63);
        }

        return words;
    }

    public static byte[] WordsToBytes(ReadOnlySpan<ulong> words, int bitCount)
    {
        var bytes = new byte[(bitCount + 7) >> 3];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(words[i >> 3] >> ((i & 7) * 8));
        }

        var spare = (bytes.Length * 8) - bitCount;
        if (spare > 0)
        {
            bytes[^1] &= (byte)(0xFF >> spare);
        }

        return bytes;
    }

    /// <summary>
    /// Small values packed bitsPerValue bits each (1, 2, 4 or 8, so none straddles a byte), value i from bit
    /// i * bitsPerValue, least significant first. A value that does not fit is refused rather than cut, so a message
    /// never silently loses what it was meant to carry.
    /// </summary>
    public static byte[] PackFields(ReadOnlySpan<byte> values, int bitsPerValue)
    {
        if (bitsPerValue is not (1 or 2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerValue), bitsPerValue, "Fields are 1, 2, 4 or 8 bits wide.");
        }

        var bytes = new byte[(((long)values.Length * bitsPerValue) + 7) >> 3];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] >> bitsPerValue != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(values), values[i], $"Value {i} does not fit in {bitsPerValue} bits.");
            }

            var bit = (long)i * bitsPerValue;
            bytes[bit >> 3] |= (byte)(values[i] << (int)(bit & 7));
        }

        return bytes;
    }

    public static int GetBit(ReadOnlySpan<ulong> words, long index) => (int)((words[(int)(index >> 6)] >> (int)(index & 63)) & 1);

    /// <summary>Bits [start, start + count) of a packed array, as a new packed array starting at bit 0.</summary>
    public static ulong[] Slice(ReadOnlySpan<ulong> words, long start, int count)
    {
        var result = new ulong[WordCount(count)];
        var wordOffset = (int)(start >> 6);
        var shift = (int)(start & 63);
        for (var i = 0; i < result.Length; i++)
        {
            var low = wordOffset + i < words.Length ? words[wordOffset + i] >> shift : 0;
            var high = shift != 0 && wordOffset + i + 1 < words.Length ? words[wordOffset + i + 1] << (64 - shift) : 0;
            result[i] = low | high;
        }

        var spare = (result.Length * 64) - count;
        if (spare > 0)
        {
            result[^1] &= ulong.MaxValue >> spare;
        }

        return result;
    }
}
