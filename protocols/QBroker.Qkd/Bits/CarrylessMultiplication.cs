using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QBroker.Qkd.Bits;

/// <summary>
/// Multiplication of polynomials over GF(2) held as packed 64-bit words (bit i = coefficient of x^i). Word products
/// use the PCLMULQDQ instruction when the processor has it; above a threshold the operands are split by Karatsuba
/// (three half-size products instead of four), which gives O(n^1.585) word products. This is the carry-less
/// multiplication approach to Toeplitz hashing: the hash is a slice of one polynomial product.
/// </summary>
public static class CarrylessMultiplication
{
    // Below this many words schoolbook multiplication with one instruction per word pair beats further splitting.
    private const int KaratsubaThresholdWords = 24;

    /// <summary>The 128-bit carry-less product of two words as (low, high).</summary>
    public static (ulong Low, ulong High) MultiplyWords(ulong a, ulong b)
    {
        if (Pclmulqdq.IsSupported)
        {
            var product = Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(a), Vector128.CreateScalar(b), 0x00);
            return (product.GetElement(0), product.GetElement(1));
        }

        return MultiplyWordsPortable(a, b);
    }

    /// <summary>Shift-and-xor product: the reference the instruction path is tested against, and the fallback.</summary>
    public static (ulong Low, ulong High) MultiplyWordsPortable(ulong a, ulong b)
    {
        ulong low = 0;
        ulong high = 0;
        for (var i = 0; i < 64; i++)
        {
            if (((b >> i) & 1) != 0)
            {
                low ^= a << i;
                high ^= i == 0 ? 0 : a >> (64 - i);
            }
        }

        return (low, high);
    }

    /// <summary>The full product of a and b (result length a.Length + b.Length words).</summary>
    public static ulong[] Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var result = new ulong[a.Length + b.Length];
        if (a.Length == 0 || b.Length == 0)
        {
            return result;
        }

        // Karatsuba wants equal lengths: cut the longer operand into pieces as long as the shorter one.
        var longer = a.Length >= b.Length ? a : b;
        var shorter = a.Length >= b.Length ? b : a;
        var piece = new ulong[2 * shorter.Length];
        var padded = new ulong[shorter.Length];
        for (var offset = 0; offset < longer.Length; offset += shorter.Length)
        {
            var length = Math.Min(shorter.Length, longer.Length - offset);
            var chunk = longer.Slice(offset, length);
            if (length < shorter.Length)
            {
                Array.Clear(padded);
                chunk.CopyTo(padded);
                chunk = padded;
            }

            Array.Clear(piece);
            MultiplyEqual(chunk, shorter, piece);
            var limit = Math.Min(piece.Length, result.Length - offset);
            XorInto(result.AsSpan(offset, limit), piece.AsSpan(0, limit));
        }

        return result;
    }

    /// <summary>result ^= a * b for equal-length operands; result has 2 * a.Length words and starts cleared.</summary>
    private static void MultiplyEqual(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        var n = a.Length;
        if (n <= KaratsubaThresholdWords)
        {
            Schoolbook(a, b, result);
            return;
        }

        var lowLength = n / 2;
        var highLength = n - lowLength;
        var a0 = a[..lowLength];
        var a1 = a[lowLength..];
        var b0 = b[..lowLength];
        var b1 = b[lowLength..];

        var scratch = new ulong[(4 * highLength) + (2 * highLength)];
        var sumA = scratch.AsSpan(0, highLength);
        var sumB = scratch.AsSpan(highLength, highLength);
        var middle = scratch.AsSpan(2 * highLength, 2 * highLength);
        var high = scratch.AsSpan(4 * highLength, 2 * highLength);

        a1.CopyTo(sumA);
        XorInto(sumA, a0);
        b1.CopyTo(sumB);
        XorInto(sumB, b0);

        var low = result[..(2 * lowLength)];
        MultiplyEqual(a0, b0, low);
        MultiplyEqual(a1, b1, high);
        MultiplyEqual(sumA, sumB, middle);

        // (a0 + a1 x^h)(b0 + b1 x^h) = low + (middle - low - high) x^h + high x^2h, and minus is xor in GF(2).
        XorInto(middle[..(2 * lowLength)], low);
        XorInto(middle, high);
        XorInto(result.Slice(lowLength, 2 * highLength), middle);
        XorInto(result.Slice(2 * lowLength, 2 * highLength), high);
    }

    private static void Schoolbook(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        if (Pclmulqdq.IsSupported)
        {
            for (var i = 0; i < a.Length; i++)
            {
                var left = Vector128.CreateScalar(a[i]);
                var accumulatorLow = Vector128<ulong>.Zero;
                for (var j = 0; j < b.Length; j++)
                {
                    var product = Pclmulqdq.CarrylessMultiply(left, Vector128.CreateScalar(b[j]), 0x00);
                    result[i + j] ^= product.GetElement(0) ^ accumulatorLow.GetElement(1);
                    accumulatorLow = product;
                }

                result[i + b.Length] ^= accumulatorLow.GetElement(1);
            }

            return;
        }

        for (var i = 0; i < a.Length; i++)
        {
            for (var j = 0; j < b.Length; j++)
            {
                var (low, high) = MultiplyWordsPortable(a[i], b[j]);
                result[i + j] ^= low;
                result[i + j + 1] ^= high;
            }
        }
    }

    private static void XorInto(Span<ulong> target, ReadOnlySpan<ulong> source)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 4 <= source.Length; i += 4)
            {
                var x = Vector256.Create(target.Slice(i, 4)) ^ Vector256.Create(source.Slice(i, 4));
                x.CopyTo(target.Slice(i, 4));
            }
        }

        for (; i < source.Length; i++)
        {
            target[i] ^= source[i];
        }
    }
}
