using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics.X86;

namespace QBroker.Qkd.Bits;

/// <summary>
/// The entries of a byte array at the set bits of a packed mask, in order: what sifting keeps of each per-click
/// field. Visiting the set bits one by one costs a few instructions per kept byte; with BMI2 the kept bytes of eight
/// entries come out together, as one parallel bit extract of the eight bytes under the mask's bits widened to whole
/// bytes, written as one word.
/// </summary>
internal static class MaskedGather
{
    private const ulong LowBitOfEachByte = 0x0101_0101_0101_0101UL;

    /// <param name="source">One entry per mask bit; mask bits past its end must be zero.</param>
    /// <param name="mask">Bit i (least significant first) selects source[i].</param>
    /// <param name="destination">Exactly as long as the mask has set bits.</param>
    public static void Bytes(ReadOnlySpan<byte> source, ReadOnlySpan<ulong> mask, Span<byte> destination)
    {
        if (Bmi2.X64.IsSupported)
        {
            EightAtATime(source, mask, destination);
        }
        else
        {
            OneAtATime(source, mask, destination);
        }
    }

    /// <summary>
    /// The bits of packed words at the set bits of a mask, in order, as one byte (0 or 1) each: a word's kept bits
    /// come out together by parallel bit extract (BMI2) and are spread to bytes eight at a time.
    /// </summary>
    /// <param name="source">Packed bits, at least as many words as the mask.</param>
    /// <param name="mask">Bit i (least significant first) selects bit i of the source.</param>
    /// <param name="destination">Exactly as long as the mask has set bits.</param>
    public static void BitsToBytes(ReadOnlySpan<ulong> source, ReadOnlySpan<ulong> mask, Span<byte> destination)
    {
        if (!Bmi2.X64.IsSupported)
        {
            BitsOneAtATime(source, mask, destination);
            return;
        }

        var k = 0;
        for (var w = 0; w < mask.Length; w++)
        {
            var kept = BitOperations.PopCount(mask[w]);
            if (kept == 0)
            {
                continue;
            }

            var bits = Bmi2.X64.ParallelBitExtract(source[w], mask[w]);
            // Whole spread bytes are written while eight fit; bytes past this word's kept bits are zero and are
            // overwritten by the next word's.
            var j = 0;
            for (; j < kept && k + j + 8 <= destination.Length; j += 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination[(k + j)..], BitPacking.SpreadByte((byte)(bits >> j)));
            }

            for (; j < kept; j++)
            {
                destination[k + j] = (byte)((bits >> j) & 1);
            }

            k += kept;
        }
    }

    /// <summary>
    /// The bits of packed words at the set bits of a mask, in order, packed: each word's kept bits come out together
    /// by parallel bit extract (BMI2) and are appended to the destination.
    /// </summary>
    /// <param name="source">Packed bits, at least as many words as the mask.</param>
    /// <param name="mask">Bit i (least significant first) selects bit i of the source.</param>
    /// <param name="destination">Zeroed, room for as many bits as the mask has set.</param>
    public static void BitsToBits(ReadOnlySpan<ulong> source, ReadOnlySpan<ulong> mask, Span<ulong> destination)
    {
        long k = 0;
        for (var w = 0; w < mask.Length; w++)
        {
            var kept = BitOperations.PopCount(mask[w]);
            if (kept == 0)
            {
                continue;
            }

            var bits = Bmi2.X64.IsSupported ? Bmi2.X64.ParallelBitExtract(source[w], mask[w]) : ExtractPortable(source[w], mask[w]);
            var (word, offset) = ((int)(k >> 6), (int)(k & 63));
            destination[word] |= bits << offset;
            if (offset + kept > 64)
            {
                destination[word + 1] |= bits >> (64 - offset);
            }

            k += kept;
        }
    }

    /// <summary>Parallel bit extract bit by bit, where the processor has no instruction for it.</summary>
    internal static ulong ExtractPortable(ulong value, ulong mask)
    {
        ulong result = 0;
        var position = 0;
        for (; mask != 0; mask &= mask - 1, position++)
        {
            result |= ((value >> BitOperations.TrailingZeroCount(mask)) & 1) << position;
        }

        return result;
    }

    /// <summary>The plain definition of <see cref="BitsToBytes"/>: every set bit visited in turn.</summary>
    internal static void BitsOneAtATime(ReadOnlySpan<ulong> source, ReadOnlySpan<ulong> mask, Span<byte> destination)
    {
        var k = 0;
        for (var w = 0; w < mask.Length; w++)
        {
            var bits = mask[w];
            while (bits != 0)
            {
                destination[k++] = (byte)((source[w] >> BitOperations.TrailingZeroCount(bits)) & 1);
                bits &= bits - 1;
            }
        }
    }

    /// <summary>The plain definition: every set bit visited in turn.</summary>
    internal static void OneAtATime(ReadOnlySpan<byte> source, ReadOnlySpan<ulong> mask, Span<byte> destination)
    {
        var k = 0;
        for (var w = 0; w < mask.Length; w++)
        {
            var bits = mask[w];
            var offset = w << 6;
            while (bits != 0)
            {
                destination[k++] = source[offset + BitOperations.TrailingZeroCount(bits)];
                bits &= bits - 1;
            }
        }
    }

    private static void EightAtATime(ReadOnlySpan<byte> source, ReadOnlySpan<ulong> mask, Span<byte> destination)
    {
        var k = 0;
        var wholeChunks = source.Length >> 3;
        for (var w = 0; w < mask.Length; w++)
        {
            var bits = mask[w];
            for (var chunk = w << 3; bits != 0; chunk++, bits >>= 8)
            {
                var selected = (uint)bits & 0xFF;
                if (selected == 0)
                {
                    continue;
                }

                var kept = BitOperations.PopCount(selected);
                // Whole words are written while they fit; the few last kept bytes go one at a time.
                if (chunk >= wholeChunks || k + 8 > destination.Length)
                {
                    for (var b = 0; selected != 0; b++, selected >>= 1)
                    {
                        if ((selected & 1) != 0)
                        {
                            destination[k++] = source[(chunk << 3) + b];
                        }
                    }

                    continue;
                }

                var lanes = Bmi2.X64.ParallelBitDeposit(selected, LowBitOfEachByte) * 0xFF;
                var eight = BinaryPrimitives.ReadUInt64LittleEndian(source[(chunk << 3)..]);
                BinaryPrimitives.WriteUInt64LittleEndian(destination[k..], Bmi2.X64.ParallelBitExtract(eight, lanes));
                k += kept;
            }
        }
    }
}
