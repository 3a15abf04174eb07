using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QBroker.Qkd.Bits;

/// <summary>
/// Multiplication of polynomials over GF(2) held as packed 64-bit words (bit i = coefficient of x^i). Word products
/// use carry-less multiply instructions when the processor has them (four at a time with AVX-512 VPCLMULQDQ);
/// above a threshold the operands are split by Karatsuba (three half-size products instead of four), which gives
/// O(n^1.585) word products. This is the carry-less multiplication approach to Toeplitz hashing: the hash is a slice
/// of one polynomial product.
/// </summary>
public static class CarrylessMultiplication
{
    // Below this many words the vectorised schoolbook product beats another Karatsuba level (measured on AVX-512).
    private const int KaratsubaThresholdWords = 32;

    /// <summary>The fastest kernel this processor supports.</summary>
    public static CarrylessKernel BestKernel { get; } =
        Pclmulqdq.V512.IsSupported ? CarrylessKernel.Pclmul512
        : Pclmulqdq.IsSupported ? CarrylessKernel.Pclmul128
        : CarrylessKernel.Portable;

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

    /// <summary>Shift-and-xor product: the reference the instruction paths are tested against, and the fallback.</summary>
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
    public static ulong[] Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b) => Multiply(a, b, BestKernel);

    /// <summary>The full product with a chosen kernel; throws if the processor lacks its instructions.</summary>
    public static ulong[] Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, CarrylessKernel kernel)
    {
        var supported = kernel switch
        {
            CarrylessKernel.Pclmul512 => Pclmulqdq.V512.IsSupported,
            CarrylessKernel.Pclmul128 => Pclmulqdq.IsSupported,
            _ => true,
        };
        if (!supported)
        {
            throw new PlatformNotSupportedException($"This processor has no instructions for {kernel}.");
        }

        var result = new ulong[a.Length + b.Length];
        MultiplyInto(a, b, result, kernel);
        return result;
    }

    /// <summary>
    /// The middle product: for x of B words and y of 2B words, the B words of bits [64B - 1, 128B - 1) of x * y, i.e.
    /// r_k = sum_i x_i y_(S - 1 - i + k) for S = 64B bits. This is exactly an S x S Toeplitz matrix times x, and costs
    /// one B-word Karatsuba product instead of the two a full B x 2B product needs, by the transposed Karatsuba
    /// recursion of Hanrot, Quercia and Zimmermann, "The middle product algorithm I", AAECC 14 (2004):
    /// with x = x0 + x1 T^h and y cut into windows y0, y1, y2 of 2h words at offsets 0, h, 2h,
    /// low = MP(x1, y0 + y1) + MP(x0 + x1, y1) and high = MP(x0, y1 + y2) + MP(x0 + x1, y1).
    /// </summary>
    public static ulong[] MiddleProduct(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y) => MiddleProduct(x, y, BestKernel);

    public static ulong[] MiddleProduct(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, CarrylessKernel kernel)
    {
        if (y.Length != 2 * x.Length)
        {
            throw new ArgumentException("The middle product needs y twice as long as x.", nameof(y));
        }

        var result = new ulong[x.Length];
        MiddleProductInto(x, y, result, kernel);
        return result;
    }

    /// <summary>result ^= MP(x, y).</summary>
    private static void MiddleProductInto(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> result, CarrylessKernel kernel)
    {
        var n = x.Length;
        if (n <= KaratsubaThresholdWords || n % 2 == 1)
        {
            MiddleProductBase(x, y, result, kernel);
            return;
        }

        var h = n / 2;
        var rented = ArrayPool<ulong>.Shared.Rent(6 * h);
        try
        {
            var scratch = rented.AsSpan(0, 6 * h);
            scratch.Clear();
            var sumX = scratch[..h];
            var sumY = scratch.Slice(h, 2 * h);
            var beta = scratch.Slice(3 * h, h);
            var low = scratch.Slice(4 * h, h);
            var high = scratch.Slice(5 * h, h);
            var x0 = x[..h];
            var x1 = x[h..];
            var y1 = y.Slice(h, 2 * h);

            x0.CopyTo(sumX);
            XorInto(sumX, x1);
            MiddleProductInto(sumX, y1, beta, kernel);

            y[..(2 * h)].CopyTo(sumY);
            XorInto(sumY, y1);
            MiddleProductInto(x1, sumY, low, kernel);

            y1.CopyTo(sumY);
            XorInto(sumY, y.Slice(2 * h, 2 * h));
            MiddleProductInto(x0, sumY, high, kernel);

            XorInto(low, beta);
            XorInto(high, beta);
            XorInto(result[..h], low);
            XorInto(result[h..], high);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    /// <summary>Bits [64B - 1, 128B - 1) of x * y from product words B - 1 .. 2B - 1, computed directly.</summary>
    private static void MiddleProductBase(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> result, CarrylessKernel kernel)
    {
        var n = x.Length;
        var words = n < 160 ? stackalloc ulong[n + 1] : new ulong[n + 1];
        words.Clear();
        if (kernel == CarrylessKernel.Pclmul512)
        {
            ProductWindow512(x, y, n - 1, 2 * n, words);
        }
        else
        {
            var full = new ulong[3 * n];
            Schoolbook(x, y, full, kernel);
            full.AsSpan(n - 1, n + 1).CopyTo(words);
        }

        // The middle starts at bit 63 of the first word.
        for (var i = 0; i < n; i++)
        {
            result[i] ^= (words[i] >> 63) | (words[i + 1] << 1);
        }
    }

    /// <summary>result ^= a * b for any lengths; result holds at least a.Length + b.Length words.</summary>
    private static void MultiplyInto(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result, CarrylessKernel kernel)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return;
        }

        // Karatsuba wants equal lengths: cut the longer operand into pieces as long as the shorter one; a shorter
        // last piece is multiplied recursively, which cuts the other way, so nothing is padded.
        var longer = a.Length >= b.Length ? a : b;
        var shorter = a.Length >= b.Length ? b : a;
        var length = shorter.Length;
        var piece = ArrayPool<ulong>.Shared.Rent(2 * length);
        try
        {
            var offset = 0;
            for (; offset + length <= longer.Length; offset += length)
            {
                var product = piece.AsSpan(0, 2 * length);
                product.Clear();
                MultiplyEqual(longer.Slice(offset, length), shorter, product, kernel);
                XorInto(result.Slice(offset, 2 * length), product);
            }

            if (offset < longer.Length)
            {
                MultiplyInto(longer[offset..], shorter, result[offset..], kernel);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(piece);
        }
    }

    /// <summary>result ^= a * b for equal-length operands; result has 2 * a.Length words and starts cleared.</summary>
    private static void MultiplyEqual(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result, CarrylessKernel kernel)
    {
        var n = a.Length;
        if (n <= KaratsubaThresholdWords)
        {
            Schoolbook(a, b, result, kernel);
            return;
        }

        var lowLength = n / 2;
        var highLength = n - lowLength;
        var a0 = a[..lowLength];
        var a1 = a[lowLength..];
        var b0 = b[..lowLength];
        var b1 = b[lowLength..];

        var rented = ArrayPool<ulong>.Shared.Rent(6 * highLength);
        try
        {
            var scratch = rented.AsSpan(0, 6 * highLength);
            scratch.Clear();
            var sumA = scratch[..highLength];
            var sumB = scratch.Slice(highLength, highLength);
            var middle = scratch.Slice(2 * highLength, 2 * highLength);
            var high = scratch.Slice(4 * highLength, 2 * highLength);

            a1.CopyTo(sumA);
            XorInto(sumA, a0);
            b1.CopyTo(sumB);
            XorInto(sumB, b0);

            var low = result[..(2 * lowLength)];
            MultiplyEqual(a0, b0, low, kernel);
            MultiplyEqual(a1, b1, high, kernel);
            MultiplyEqual(sumA, sumB, middle, kernel);

            // (a0 + a1 x^h)(b0 + b1 x^h) = low + (middle - low - high) x^h + high x^2h, and minus is xor in GF(2).
            XorInto(middle[..(2 * lowLength)], low);
            XorInto(middle, high);
            XorInto(result.Slice(lowLength, 2 * highLength), middle);
            XorInto(result.Slice(2 * lowLength, 2 * highLength), high);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(rented);
        }
    }

    private static void Schoolbook(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result, CarrylessKernel kernel)
    {
        switch (kernel)
        {
            case CarrylessKernel.Pclmul512:
                Schoolbook512(a, b, result);
                break;
            case CarrylessKernel.Pclmul128:
                Schoolbook128(a, b, result, 0);
                break;
            default:
                SchoolbookPortable(a, b, result);
                break;
        }
    }

    private static void Schoolbook512(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result) =>
        ProductWindow512(a, b, 0, a.Length + b.Length, result);

    /// <summary>
    /// Words [from, to) of a * b, xor-ed into destination[0 .. to - from), on 512-bit vectors. Output-oriented: for each
    /// 8-word block of the product starting at word k, a[i] (in every lane) times the window b[k-i .. k-i+7] gives,
    /// with selector 0x00, the products a[i] b[k-i+2l] that land on words k+2l and k+2l+1, and with selector 0x10
    /// the odd ones, which land one word further on. Summing over i in two registers and storing each block once
    /// avoids the store-to-load stalls of updating overlapping words row by row. b is padded with zero words so
    /// windows may hang over its ends. A block also spills into the word after it, so the first block starts one
    /// word early to collect the high half of the products of degree from - 1.
    /// </summary>
    private static void ProductWindow512(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, int from, int to, Span<ulong> destination)
    {
        const int Pad = 8;
        const int StackWords = 160;
        var firstBlock = Math.Max(0, from - 1);
        var paddedLength = b.Length + (2 * Pad);
        var outputLength = to - firstBlock + (2 * Pad);
        // Base cases are small and called thousands of times: their buffers live on the stack, larger ones are rented.
        ulong[]? rentedPadded = paddedLength > StackWords ? ArrayPool<ulong>.Shared.Rent(paddedLength) : null;
        ulong[]? rentedOutput = outputLength > StackWords ? ArrayPool<ulong>.Shared.Rent(outputLength) : null;
        try
        {
            var bPadded = rentedPadded is null ? stackalloc ulong[paddedLength] : rentedPadded.AsSpan(0, paddedLength);
            var output = rentedOutput is null ? stackalloc ulong[outputLength] : rentedOutput.AsSpan(0, outputLength);
            bPadded.Clear();
            b.CopyTo(bPadded[Pad..]);
            output.Clear();
            ref var bRef = ref MemoryMarshal.GetReference(bPadded);
            ref var oRef = ref MemoryMarshal.GetReference(output);
            for (var k = firstBlock; k < to; k += 8)
            {
                var even = Vector512<ulong>.Zero;
                var odd = Vector512<ulong>.Zero;
                var first = Math.Max(0, k - b.Length + 1);
                var last = Math.Min(a.Length - 1, k + 7);
                for (var i = first; i <= last; i++)
                {
                    var left = Vector512.Create(a[i]);
                    var window = Vector512.LoadUnsafe(ref bRef, (nuint)(k - i + Pad));
                    even ^= Pclmulqdq.V512.CarrylessMultiply(left, window, 0x00);
                    odd ^= Pclmulqdq.V512.CarrylessMultiply(left, window, 0x10);
                }

                var at = (nuint)(k - firstBlock);
                (Vector512.LoadUnsafe(ref oRef, at) ^ even).StoreUnsafe(ref oRef, at);
                (Vector512.LoadUnsafe(ref oRef, at + 1) ^ odd).StoreUnsafe(ref oRef, at + 1);
            }

            XorInto(destination[..(to - from)], output.Slice(from - firstBlock, to - from));
        }
        finally
        {
            if (rentedPadded is not null)
            {
                ArrayPool<ulong>.Shared.Return(rentedPadded);
            }

            if (rentedOutput is not null)
            {
                ArrayPool<ulong>.Shared.Return(rentedOutput);
            }
        }
    }

    /// <summary>One instruction per word product, for columns j >= firstColumn of b.</summary>
    private static void Schoolbook128(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result, int firstColumn)
    {
        for (var i = 0; i < a.Length; i++)
        {
            var left = Vector128.CreateScalar(a[i]);
            for (var j = firstColumn; j < b.Length; j++)
            {
                var product = Pclmulqdq.CarrylessMultiply(left, Vector128.CreateScalar(b[j]), 0x00);
                result[i + j] ^= product.ToScalar();
                result[i + j + 1] ^= product.GetElement(1);
            }
        }
    }

    private static void SchoolbookPortable(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
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

    /// <summary>target[i] ^= source[i], on the widest vectors available; also the additive FFT's addition.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void XorInto(Span<ulong> target, ReadOnlySpan<ulong> source)
    {
        var i = 0;
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var s = ref MemoryMarshal.GetReference(source);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 8 <= source.Length; i += 8)
            {
                (Vector512.LoadUnsafe(ref t, (nuint)i) ^ Vector512.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref t, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 4 <= source.Length; i += 4)
            {
                (Vector256.LoadUnsafe(ref t, (nuint)i) ^ Vector256.LoadUnsafe(ref s, (nuint)i)).StoreUnsafe(ref t, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            target[i] ^= source[i];
        }
    }
}
