using QBroker.Qkd.Bits;

namespace QBroker.Qkd.PrivacyAmplification;

/// <summary>
/// Toeplitz hashing z = T x over GF(2), the two-universal family used for privacy amplification (Krawczyk 1994;
/// leftover hash lemma, Renner 2005). T is m x n, built from an (n + m - 1)-bit seed y with T[k][i] = y[k - i] when
/// k >= i and y[m + n - 1 + k - i] otherwise (the convention of cryptomite's Toeplitz extractor, whose test vectors
/// the tests replay). Because T is constant along diagonals, T x is a slice of the polynomial product x(t) * w(t)
/// where w lists the seed diagonal by diagonal: z_k is the coefficient of t^(k + n - 1).
/// <see cref="Hash"/> computes that slice of the product with the additive FFT (<see cref="AdditiveFft.MultiplySlice"/>):
/// O((n + m) log(n + m)) field operations, over half the points of the whole product where the transform's wrap-around
/// misses the slice. <see cref="HashByMiddleProducts"/> computes only the needed slice, in square blocks of
/// transposed-Karatsuba middle products: O(n m^0.585) word operations; it is the tests' independent cross-check at
/// sizes where the bit-by-bit definition is too slow, and the benchmark's baseline.
/// </summary>
public static class ToeplitzHash
{
    // Smallest square block, in words: the size below which the middle product stops splitting.
    private const int BaseBlockWords = 32;

    public static int SeedBits(int inputBits, int outputBits) => inputBits + outputBits - 1;

    /// <param name="input">n input bits, packed.</param>
    /// <param name="inputBits">n.</param>
    /// <param name="seed">n + m - 1 seed bits, packed.</param>
    /// <param name="outputBits">m, at most n.</param>
    /// <returns>m output bits, packed.</returns>
    public static ulong[] Hash(ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, int outputBits)
    {
        if (outputBits <= 0)
        {
            return [];
        }

        Validate(inputBits, seed, outputBits);

        // w = y[m .. m+n-2] followed by y[0 .. m-1]: the diagonals from the top-right corner down to the bottom-left.
        var diagonalBits = inputBits + outputBits - 1;
        var diagonals = new ulong[BitPacking.WordCount(diagonalBits)];
        XorShifted(diagonals, BitPacking.Slice(seed, outputBits, inputBits - 1), 0);
        XorShifted(diagonals, BitPacking.Slice(seed, 0, outputBits), inputBits - 1);
        return AdditiveFft.MultiplySlice(BitPacking.Slice(input, 0, inputBits), inputBits, diagonals, diagonalBits, inputBits - 1, outputBits);
    }

    /// <summary>The same hash as <see cref="Hash"/>, by square blocks of transposed-Karatsuba middle products.</summary>
    public static ulong[] HashByMiddleProducts(ReadOnlySpan<ulong> input, int inputBits, ReadOnlySpan<ulong> seed, int outputBits)
    {
        if (outputBits <= 0)
        {
            return [];
        }

        Validate(inputBits, seed, outputBits);

        // Square blocks of B words: the largest power-of-two multiple of the base size that fits the output.
        var outputWords = BitPacking.WordCount(outputBits);
        var blockWords = BaseBlockWords;
        while (2 * blockWords <= outputWords)
        {
            blockWords *= 2;
        }

        var blockBits = 64 * blockWords;
        var rows = (outputBits + blockBits - 1) / blockBits;
        var columns = (inputBits + blockBits - 1) / blockBits;
        var paddedInputBits = columns * blockBits;

        // w = y[m .. m+n-2] followed by y[0 .. m-1] (the diagonals from the top-right corner down to the bottom-left),
        // shifted up by the input padding so that padded input bits (all zero) meet zero diagonals.
        var shift = paddedInputBits - inputBits;
        var diagonals = new ulong[(rows + columns) * blockWords];
        XorShifted(diagonals, BitPacking.Slice(seed, outputBits, inputBits - 1), shift);
        XorShifted(diagonals, BitPacking.Slice(seed, 0, outputBits), shift + inputBits - 1);

        var x = new ulong[columns * blockWords];
        BitPacking.Slice(input, 0, inputBits).CopyTo(x, 0);
        var z = new ulong[rows * blockWords];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                // Block (r, c) reads the diagonals starting (r + columns - c - 1) blocks up.
                var offset = (r + columns - c - 1) * blockWords;
                var product = CarrylessMultiplication.MiddleProduct(
                    x.AsSpan(c * blockWords, blockWords), diagonals.AsSpan(offset, 2 * blockWords));
                for (var i = 0; i < blockWords; i++)
                {
                    z[(r * blockWords) + i] ^= product[i];
                }
            }
        }

        return BitPacking.Slice(z, 0, outputBits);
    }

    private static void Validate(int inputBits, ReadOnlySpan<ulong> seed, int outputBits)
    {
        if (inputBits <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputBits), "Toeplitz hashing needs at least one input bit.");
        }

        if (seed.Length * 64L < SeedBits(inputBits, outputBits))
        {
            throw new ArgumentException($"The seed needs {SeedBits(inputBits, outputBits)} bits.", nameof(seed));
        }
    }

    private static void XorShifted(Span<ulong> target, ReadOnlySpan<ulong> source, int bitOffset)
    {
        var wordOffset = bitOffset >> 6;
        var shift = bitOffset & 63;
        for (var i = 0; i < source.Length; i++)
        {
            if (wordOffset + i < target.Length)
            {
                target[wordOffset + i] ^= source[i] << shift;
            }

            if (shift != 0 && wordOffset + i + 1 < target.Length)
            {
                target[wordOffset + i + 1] ^= source[i] >> (64 - shift);
            }
        }
    }
}
