using QBroker.Qkd.Bits;

namespace QBroker.Qkd.PrivacyAmplification;

/// <summary>
/// Toeplitz hashing z = T x over GF(2), the two-universal family used for privacy amplification (Krawczyk 1994;
/// leftover hash lemma, Renner 2005). T is m x n, built from an (n + m - 1)-bit seed y with T[k][i] = y[k - i] when
/// k >= i and y[m + n - 1 + k - i] otherwise (the convention of cryptomite's Toeplitz extractor, whose test vectors
/// the tests replay). Because T is constant along diagonals, T x is a slice of the polynomial product x(t) * w(t)
/// where w lists the seed diagonal by diagonal: z_k is the coefficient of t^(k + n - 1). The product is computed by
/// carry-less Karatsuba multiplication (<see cref="CarrylessMultiplication"/>), not bit by bit.
/// </summary>
public static class ToeplitzHash
{
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

        if (inputBits <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputBits), "Toeplitz hashing needs at least one input bit.");
        }

        if (seed.Length * 64L < SeedBits(inputBits, outputBits))
        {
            throw new ArgumentException($"The seed needs {SeedBits(inputBits, outputBits)} bits.", nameof(seed));
        }

        // w = y[m .. m+n-2] followed by y[0 .. m-1]: the diagonals from the top-right corner down to the bottom-left.
        var diagonals = new ulong[BitPacking.WordCount(inputBits + outputBits - 1)];
        XorShifted(diagonals, BitPacking.Slice(seed, outputBits, inputBits - 1), 0);
        XorShifted(diagonals, BitPacking.Slice(seed, 0, outputBits), inputBits - 1);

        var x = BitPacking.Slice(input, 0, inputBits);
        var product = CarrylessMultiplication.Multiply(x, diagonals);
        return BitPacking.Slice(product, inputBits - 1, outputBits);
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
