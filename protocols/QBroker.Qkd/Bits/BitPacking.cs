using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace QBroker.Qkd.Bits;

/// <summary>
/// Conversions between one-bit-per-byte arrays (convenient for the random access that sifting and Cascade do) and
/// packed forms: 64-bit words for hashing, bytes for keys handed out. Bit i sits at position i % 64 of word i / 64
/// (and i % 8 of byte i / 8): least significant first in both.
/// </summary>
public static class BitPacking
{
    private const ulong LowBitOfEachByte = 0x0101_0101_0101_0101UL;

    // Byte value to its eight bits as bytes: a table lookup is the portable way to spread bits (without BMI2's deposit).
    private static readonly ulong[] SpreadTable = BuildSpreadTable();

    public static int WordCount(long bitCount) => (int)((bitCount + 63) >> 6);

    public static ulong[] PackToWords(ReadOnlySpan<byte> bits) => PackToWords(bits, Vector256.IsHardwareAccelerated);

    /// <param name="bits">One bit per byte (bit 0 of each byte counts).</param>
    /// <param name="vectorized">Whether whole words are packed with vector instructions (tests try both ways).</param>
    internal static ulong[] PackToWords(ReadOnlySpan<byte> bits, bool vectorized)
    {
        var words = new ulong[WordCount(bits.Length)];
        var whole = bits.Length >> 6;
        var w = 0;
        if (vectorized)
        {
            // Shifting 16-bit lanes left by 7 moves each byte's bit 0 to its top bit, which the sign-mask extract
            // collects: 32 bytes to 32 bits in a few instructions.
            for (; w < whole; w++)
            {
                var chunk = bits.Slice(w << 6, 64);
                var low = Vector256.ShiftLeft(Vector256.Create(chunk).AsUInt16(), 7).AsByte().ExtractMostSignificantBits();
                var high = Vector256.ShiftLeft(Vector256.Create(chunk[32..]).AsUInt16(), 7).AsByte().ExtractMostSignificantBits();
                words[w] = low | ((ulong)high << 32);
            }
        }

        for (; w < whole; w++)
        {
            ulong word = 0;
            var chunk = bits.Slice(w << 6, 64);
            for (var b = 0; b < 8; b++)
            {
                var eight = BinaryPrimitives.ReadUInt64LittleEndian(chunk[(b << 3)..]) & LowBitOfEachByte;
                word |= Gather(eight, 1) << (b << 3);
            }

            words[w] = word;
        }

        for (var i = whole << 6; i < bits.Length; i++)
        {
            words[i >> 6] |= (ulong)(bits[i] & 1) << (i & 63);
        }

        return words;
    }

    /// <summary>Bit i set where left[i] equals right[i]; compared sixteen bytes at a time.</summary>
    public static ulong[] EqualityMask(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != right.Length)
        {
            throw new ArgumentException("The two arrays differ in length.", nameof(right));
        }

        var words = new ulong[WordCount(left.Length)];
        var i = 0;
        for (; i + 16 <= left.Length; i += 16)
        {
            var equal = Vector128.Equals(Vector128.Create(left.Slice(i, 16)), Vector128.Create(right.Slice(i, 16)));
            words[i >> 6] |= (ulong)equal.ExtractMostSignificantBits() << (i & 63);
        }

        for (; i < left.Length; i++)
        {
            words[i >> 6] |= (left[i] == right[i] ? 1UL : 0) << (i & 63);
        }

        return words;
    }

    /// <summary>Bit i set where values[i] equals value.</summary>
    public static ulong[] EqualityMask(ReadOnlySpan<byte> values, byte value)
    {
        var words = new ulong[WordCount(values.Length)];
        var target = Vector128.Create(value);
        var i = 0;
        for (; i + 16 <= values.Length; i += 16)
        {
            var equal = Vector128.Equals(Vector128.Create(values.Slice(i, 16)), target);
            words[i >> 6] |= (ulong)equal.ExtractMostSignificantBits() << (i & 63);
        }

        for (; i < values.Length; i++)
        {
            words[i >> 6] |= (values[i] == value ? 1UL : 0) << (i & 63);
        }

        return words;
    }

    /// <summary>One byte (0 or 1) per bit: bit i of the words becomes bytes[i], for as many bytes as there are.</summary>
    public static void UnpackToBytes(ReadOnlySpan<ulong> words, Span<byte> bytes)
    {
        var i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[i..], SpreadByte((byte)(words[i >> 6] >> (i & 63))));
        }

        for (; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((words[i >> 6] >> (i & 63)) & 1);
        }
    }

    /// <summary>The first <paramref name="count"/> bits of packed words, one byte (0 or 1) each, as a new array.</summary>
    public static byte[] UnpackToBytes(ReadOnlySpan<ulong> words, int count)
    {
        var bytes = new byte[count];
        UnpackToBytes(words[..WordCount(count)], bytes);
        return bytes;
    }

    /// <summary>The eight bits of a byte as eight bytes of 0 or 1, bit 0 in the lowest byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong SpreadByte(byte bits) => SpreadTable[bits];

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
        // Eight values make bitsPerValue whole bytes: read them as one word, check and gather them at once. A chunk
        // holding a value too large is left to the value-by-value loop, which names the value.
        var tooLarge = bitsPerValue == 8 ? 0 : LowBitOfEachByte * (byte)(0xFF << bitsPerValue);
        var chunks = values.Length >> 3;
        var chunk = 0;
        for (; chunk < chunks; chunk++)
        {
            var eight = BinaryPrimitives.ReadUInt64LittleEndian(values[(chunk << 3)..]);
            if ((eight & tooLarge) != 0)
            {
                break;
            }

            var gathered = Gather(eight, bitsPerValue);
            for (var b = 0; b < bitsPerValue; b++)
            {
                bytes[(chunk * bitsPerValue) + b] = (byte)(gathered >> (8 * b));
            }
        }

        for (var i = chunk << 3; i < values.Length; i++)
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

    /// <summary>
    /// The low bitsPerValue bits (1, 2, 4 or 8) of each of a word's eight bytes, side by side in the low
    /// 8 * bitsPerValue bits: three rounds each halve the number of lanes, shifting the upper lane's bits down next to
    /// the lower's (a portable parallel-bit-extract for these fixed masks). The bytes' upper bits must be zero.
    /// </summary>
    private static ulong Gather(ulong eight, int bitsPerValue)
    {
        if (bitsPerValue == 8)
        {
            return eight;
        }

        var shift = 8 - bitsPerValue;
        var pairs = (eight | (eight >> shift)) & (0x0001_0001_0001_0001UL * ((1UL << (2 * bitsPerValue)) - 1));
        var quads = (pairs | (pairs >> (2 * shift))) & (0x0000_0001_0000_0001UL * ((1UL << (4 * bitsPerValue)) - 1));
        return (quads | (quads >> (4 * shift))) & ((1UL << (8 * bitsPerValue)) - 1);
    }

    /// <summary>Parity of the bits of words that mask selects: and, xor-accumulate (a vector at a time), popcount.</summary>
    public static int MaskedParity(ReadOnlySpan<ulong> words, ReadOnlySpan<ulong> mask)
    {
        var length = Math.Min(words.Length, mask.Length);
        var vectors = Vector256<ulong>.Zero;
        var i = 0;
        for (; i + Vector256<ulong>.Count <= length; i += Vector256<ulong>.Count)
        {
            vectors ^= Vector256.Create(words.Slice(i, Vector256<ulong>.Count)) & Vector256.Create(mask.Slice(i, Vector256<ulong>.Count));
        }

        var accumulator = vectors.GetElement(0) ^ vectors.GetElement(1) ^ vectors.GetElement(2) ^ vectors.GetElement(3);
        for (; i < length; i++)
        {
            accumulator ^= words[i] & mask[i];
        }

        return BitOperations.PopCount(accumulator) & 1;
    }

    private static ulong[] BuildSpreadTable()
    {
        var table = new ulong[256];
        for (var value = 0; value < 256; value++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                table[value] |= (ulong)((value >> bit) & 1) << (8 * bit);
            }
        }

        return table;
    }

    /// <summary>Sets bits [start, end) of a packed array.</summary>
    public static void SetRange(Span<ulong> words, int start, int end)
    {
        for (var w = start >> 6; w < WordCount(end); w++)
        {
            var low = w == start >> 6 ? start & 63 : 0;
            var high = w == (end - 1) >> 6 ? ((end - 1) & 63) + 1 : 64;
            words[w] |= (high == 64 ? ulong.MaxValue : (1UL << high) - 1) & ~((1UL << low) - 1);
        }
    }

    /// <summary>
    /// Values given as runs (value v for indices [starts[v], starts[v + 1])) packed as <see cref="PackFields"/> packs
    /// them, bitsPerValue bits each: whole bytes of a run are filled at once.
    /// </summary>
    public static byte[] PackRuns(ReadOnlySpan<int> starts, int bitsPerValue)
    {
        if (bitsPerValue is not (1 or 2 or 4 or 8) || starts.Length - 1 > 1 << bitsPerValue)
        {
            throw new ArgumentOutOfRangeException(nameof(bitsPerValue), bitsPerValue, "Fields are 1, 2, 4 or 8 bits wide and hold every value.");
        }

        var perByte = 8 / bitsPerValue;
        var bytes = new byte[(((long)starts[^1] * bitsPerValue) + 7) >> 3];
        for (var value = 0; value + 1 < starts.Length; value++)
        {
            var (start, end) = (starts[value], starts[value + 1]);
            // The same value in every field of a byte.
            var filled = (byte)(value * (0xFF / ((1 << bitsPerValue) - 1)));
            var i = start;
            for (; i < end && i % perByte != 0; i++)
            {
                bytes[i / perByte] |= (byte)(value << (i % perByte * bitsPerValue));
            }

            var wholeEnd = end - (end % perByte);
            if (wholeEnd > i)
            {
                bytes.AsSpan(i / perByte, (wholeEnd - i) / perByte).Fill(filled);
                i = wholeEnd;
            }

            for (; i < end; i++)
            {
                bytes[i / perByte] |= (byte)(value << (i % perByte * bitsPerValue));
            }
        }

        return bytes;
    }

    /// <summary>
    /// Parity of bits [start, start + length) of a packed array: the words in between xor-ed whole, the two ends
    /// masked, one popcount, instead of one access per bit.
    /// </summary>
    public static int RangeParity(ReadOnlySpan<ulong> words, int start, int length)
    {
        if (length <= 0)
        {
            return 0;
        }

        var end = start + length - 1;
        var first = start >> 6;
        var last = end >> 6;
        var fromStart = ulong.MaxValue << (start & 63);
        var toEnd = ulong.MaxValue >> (63 - (end & 63));
        if (first == last)
        {
            return BitOperations.PopCount(words[first] & fromStart & toEnd) & 1;
        }

        var accumulator = words[first] & fromStart;
        foreach (var word in words[(first + 1)..last])
        {
            accumulator ^= word;
        }

        accumulator ^= words[last] & toEnd;
        return BitOperations.PopCount(accumulator) & 1;
    }

    /// <summary>Bits [start, start + count) of a packed array (count at most 64) as one word, bit start at bit 0.</summary>
    public static ulong Extract(ReadOnlySpan<ulong> words, int start, int count)
    {
        var word = start >> 6;
        var shift = start & 63;
        var bits = words[word] >> shift;
        if (shift != 0 && shift + count > 64)
        {
            bits |= words[word + 1] << (64 - shift);
        }

        return count == 64 ? bits : bits & ((1UL << count) - 1);
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
