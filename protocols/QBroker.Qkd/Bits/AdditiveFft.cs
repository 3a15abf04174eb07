using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QBroker.Qkd.Bits;

/// <summary>
/// The additive fast Fourier transform over GF(2^64) (<see cref="GaloisField64"/>) on the Cantor basis, in the
/// "novel polynomial basis" of Lin, Chung and Han ("Novel polynomial basis and its application to Reed-Solomon
/// erasure codes", FOCS 2014), and the O(n log n) product of binary polynomials built on it.
/// <para>
/// The Cantor basis is beta_0 = 1, beta_i^2 + beta_i = beta_(i-1) (D. G. Cantor, "On arithmetical algorithms over
/// finite fields", JCTA 50, 1989). With it the vanishing polynomial of V_i = span(beta_0 .. beta_(i-1)) is the i-fold
/// composition of x^2 + x, W_i(x) = sum over j with C(i, j) odd of x^(2^j), with coefficients in GF(2) and
/// W_i(beta_i) = 1, and W_i(beta_j) = beta_(j-i) for j &gt;= i. The novel basis is X_j = product of W_i over the set
/// bits i of j. A polynomial of length 2^k in that basis is evaluated at all points omega_u = sum u_i beta_i of V_k
/// by k levels of butterflies (lo += s hi; hi += lo), where the twiddle s of a block depends only on the block's
/// index; the inverse runs the levels backwards. Converting between the monomial and the novel basis is a
/// division (or multiplication) by the sparse W_i at each level: xors only, O(n log n) of them.
/// </para>
/// </summary>
public static class AdditiveFft
{
    // Bits of a binary polynomial held per field element: two such pieces multiply to degree 62, below the field's
    // 64, so the transform's products are exact polynomial products and no reduction ever mixes coefficients.
    private const int PieceBits = 32;

    // Levels below this run chunk by chunk (2^13 elements, 64 KiB: the chunk stays in the core's L2 cache).
    private const int CacheBlockLevels = 13;

    // Transforms of up to 2^MaxLevels points: products of up to 2^(MaxLevels + 5) bits.
    private const int MaxLevels = 30;

    private static readonly ulong[] Basis = ComputeCantorBasis(MaxLevels + 1);

    private static ulong[] _twiddles = [];

    /// <summary>beta_0 .. beta_30 of the Cantor basis in this representation of GF(2^64).</summary>
    public static ReadOnlySpan<ulong> CantorBasis => Basis;

    /// <summary>The evaluation point omega_u = sum of beta_i over the set bits i of u.</summary>
    public static ulong Point(int u)
    {
        ulong point = 0;
        for (var i = 0; u != 0; i++, u >>= 1)
        {
            if ((u & 1) != 0)
            {
                point ^= Basis[i];
            }
        }

        return point;
    }

    /// <summary>The product of two binary polynomials (bit i = coefficient of t^i), aBits + bBits - 1 bits long.</summary>
    public static ulong[] Multiply(ReadOnlySpan<ulong> a, long aBits, ReadOnlySpan<ulong> b, long bBits)
    {
        if (aBits <= 0 || bBits <= 0)
        {
            return [];
        }

        var (aPieces, bPieces) = (Pieces(aBits), Pieces(bBits));
        var levels = LevelsFor(aPieces + bPieces - 1);
        return Transform(a, aBits, b, bBits, levels, aPieces + bPieces - 1, aBits + bBits - 1);
    }

    /// <summary>
    /// Bits [start, start + count) of the product of two binary polynomials, with a transform half the size of the
    /// whole product's where that leaves the slice intact (what a Toeplitz hash needs: the middle of the product).
    /// A transform over 2^k points gives the product modulo W_k(X), X = t^32 (one piece): a piece at p &gt;= 2^k folds
    /// onto p - 2^k + 2^j for every j &lt; k with C(k, j) odd (Lucas: j's bits within k's), since
    /// X^(2^k) = W_k(X) + those X^(2^j). The smallest k that holds both factors is taken when every fold lands below
    /// the slice's pieces (and below 2^k, so nothing folds twice); otherwise the transform holds the whole product.
    /// </summary>
    public static ulong[] MultiplySlice(ReadOnlySpan<ulong> a, long aBits, ReadOnlySpan<ulong> b, long bBits, long start, int count)
    {
        if (aBits <= 0 || bBits <= 0 || count <= 0)
        {
            return [];
        }

        var productPieces = Pieces(aBits) + Pieces(bBits) - 1;
        var levels = SliceLevels(aBits, bBits, start);
        var pieces = Math.Min(productPieces, 1 << levels);
        var product = Transform(a, aBits, b, bBits, levels, pieces, Math.Min(aBits + bBits - 1, ((long)pieces * PieceBits) + PieceBits - 1));
        return BitPacking.Slice(product, start, count);
    }

    /// <summary>The levels of the transform <see cref="MultiplySlice"/> uses for a slice starting at bit start.</summary>
    internal static int SliceLevels(long aBits, long bBits, long start)
    {
        var (aPieces, bPieces) = (Pieces(aBits), Pieces(bBits));
        var productPieces = aPieces + bPieces - 1;
        var levels = LevelsFor(Math.Max(aPieces, bPieces));
        // A product piece p holds 63 bits from bit 32 p, so pieces below firstPiece end before the slice starts.
        var firstPiece = Math.Max(0, (start - 62) / PieceBits);
        while (levels < LevelsFor(productPieces) && !FoldsBelow(levels, productPieces, firstPiece))
        {
            levels++;
        }

        return levels;
    }

    /// <summary>Whether, over 2^levels points, every folded piece of a product of that many pieces lands below limit.</summary>
    private static bool FoldsBelow(int levels, int productPieces, long limit)
    {
        var size = 1L << levels;
        for (var j = 0; j < levels; j++)
        {
            // C(levels, j) is odd exactly when j's bits lie within levels' bits.
            if ((j & ~levels) == 0 && productPieces - size + (1L << j) > Math.Min(limit, size))
            {
                return false;
            }
        }

        return true;
    }

    private static int Pieces(long bits) => (int)((bits + PieceBits - 1) / PieceBits);

    private static int LevelsFor(long points)
    {
        var levels = 0;
        while ((1L << levels) < points)
        {
            levels++;
        }

        if (levels > MaxLevels)
        {
            throw new ArgumentException("The product is too long for this transform.");
        }

        return levels;
    }

    /// <summary>
    /// Both factors transformed over 2^levels points, multiplied point by point and transformed back: the product
    /// modulo W_levels(X), of which the first resultPieces pieces are joined into resultBits bits.
    /// </summary>
    private static ulong[] Transform(
        ReadOnlySpan<ulong> a, long aBits, ReadOnlySpan<ulong> b, long bBits, int levels, int resultPieces, long resultBits)
    {
        var (aPieces, bPieces) = (Pieces(aBits), Pieces(bBits));
        // The two transforms are megabytes at the sizes privacy amplification uses: rented, so that hashing block
        // after block does not churn the large-object heap (and its full collections).
        var size = 1 << levels;
        var leftArray = ArrayPool<ulong>.Shared.Rent(size);
        var rightArray = ArrayPool<ulong>.Shared.Rent(size);
        try
        {
            var left = leftArray.AsSpan(0, size);
            var right = rightArray.AsSpan(0, size);
            Split(a, aBits, left);
            Split(b, bBits, right);
            TransformShort(left, aPieces, levels);
            TransformShort(right, bPieces, levels);
            MultiplyPointwise(left, right);
            Inverse(left, levels);
            FromNovelBasis(left, levels);
            return Join(left, resultPieces, resultBits);
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(leftArray);
            ArrayPool<ulong>.Shared.Return(rightArray);
        }
    }

    /// <summary>
    /// Converts and transforms a polynomial whose coefficients past <paramref name="used"/> are zero. Below the
    /// smallest power of two 2^j holding it the conversion has nothing to divide, and the transform's top levels
    /// (whose high halves are zero) just copy the low half up, so 2^j coefficients are converted once and each of
    /// the 2^(levels - j) copies is transformed over the last j levels with its own twiddles.
    /// </summary>
    private static void TransformShort(Span<ulong> values, int used, int levels)
    {
        var usedLevels = 0;
        while ((1 << usedLevels) < used)
        {
            usedLevels++;
        }

        var width = 1 << usedLevels;
        ToNovelBasis(values[..width], usedLevels);
        for (var copy = width; copy < values.Length; copy += width)
        {
            values[..width].CopyTo(values.Slice(copy, width));
        }

        Forward(values, levels, usedLevels);
    }

    /// <summary>Rewrites coefficients 0 .. 2^levels - 1 from the monomial basis into the novel basis, in place.</summary>
    public static void ToNovelBasis(Span<ulong> values, int levels)
    {
        // f = r + W_L q with deg r < 2^L: the remainder stays in the low half, the quotient moves to the high half
        // (X_(j + 2^L) = W_L X_j), and both halves are divided again one level down. Blocks of a level are
        // independent, so the levels below the cache block run chunk by chunk while the chunk stays in cache.
        var cached = Math.Min(levels, CacheBlockLevels);
        for (var level = levels - 1; level >= cached; level--)
        {
            DivideLevel(values, level);
        }

        for (var start = 0; start < values.Length; start += 1 << cached)
        {
            var chunk = values.Slice(start, 1 << cached);
            for (var level = cached - 1; level >= 1; level--)
            {
                DivideLevel(chunk, level);
            }
        }
    }

    /// <summary>The inverse of <see cref="ToNovelBasis"/>: f = r + W_L q, rebuilt from the bottom level up.</summary>
    public static void FromNovelBasis(Span<ulong> values, int levels)
    {
        var cached = Math.Min(levels, CacheBlockLevels);
        for (var start = 0; start < values.Length; start += 1 << cached)
        {
            var chunk = values.Slice(start, 1 << cached);
            for (var level = 1; level < cached; level++)
            {
                MultiplyLevel(chunk, level);
            }
        }

        for (var level = cached; level < levels; level++)
        {
            MultiplyLevel(values, level);
        }
    }

    /// <summary>Divides every block of 2^(L+1) coefficients by W_L: remainder low, quotient high.</summary>
    private static void DivideLevel(Span<ulong> values, int level)
    {
        var half = 1 << level;
        for (var start = 0; start < values.Length; start += 2 * half)
        {
            var block = values.Slice(start, 2 * half);
            if (half < 16)
            {
                DivideSmall(block, level);
                continue;
            }

            // Long division from the top: every lower term x^e of W_L (e <= 2^L / 2) sends a coefficient at
            // least 2^L / 2 positions down, so the top quarter-blocks can be handled a chunk at a time.
            var chunk = half / 2;
            for (var top = 2 * half; top > half; top -= chunk)
            {
                foreach (var e in LowerTerms(level))
                {
                    CarrylessMultiplication.XorInto(block.Slice(top - chunk - half + e, chunk), block.Slice(top - chunk, chunk));
                }
            }
        }
    }

    /// <summary>Multiplies back: every block's high half (the quotient) times W_L, added to its low half.</summary>
    private static void MultiplyLevel(Span<ulong> values, int level)
    {
        var half = 1 << level;
        for (var start = 0; start < values.Length; start += 2 * half)
        {
            var block = values.Slice(start, 2 * half);
            if (half < 16)
            {
                MultiplySmall(block, level);
                continue;
            }

            var chunk = half / 2;
            for (var bottom = half; bottom < 2 * half; bottom += chunk)
            {
                var terms = LowerTerms(level);
                for (var t = terms.Length - 1; t >= 0; t--)
                {
                    CarrylessMultiplication.XorInto(block.Slice(bottom - half + terms[t], chunk), block.Slice(bottom, chunk));
                }
            }
        }
    }

    /// <summary>One block's division by W_L, coefficient by coefficient: the chunked form's spans would be tiny.</summary>
    private static void DivideSmall(Span<ulong> block, int level)
    {
        var half = 1 << level;
        var terms = LowerTerms(level);
        for (var i = (2 * half) - 1; i >= half; i--)
        {
            foreach (var e in terms)
            {
                block[i - half + e] ^= block[i];
            }
        }
    }

    private static void MultiplySmall(Span<ulong> block, int level)
    {
        var half = 1 << level;
        var terms = LowerTerms(level);
        for (var i = half; i < 2 * half; i++)
        {
            foreach (var e in terms)
            {
                block[i - half + e] ^= block[i];
            }
        }
    }

    /// <summary>Evaluates a polynomial given in the novel basis at omega_0 .. omega_(2^levels - 1), in place.</summary>
    public static void Forward(Span<ulong> values, int levels) => Forward(values, levels, levels);

    /// <summary>The levels below <paramref name="fromLevel"/> of <see cref="Forward(Span{ulong}, int)"/>.</summary>
    private static void Forward(Span<ulong> values, int levels, int fromLevel)
    {
        var twiddles = Twiddles(values.Length / 2);
        var top = Math.Min(levels, fromLevel);
        var cached = Math.Min(top, CacheBlockLevels);
        for (var level = top - 1; level >= cached; level--)
        {
            ButterflyLevel(values, level, twiddles, 0, inverse: false);
        }

        for (var start = 0; start < values.Length; start += 1 << cached)
        {
            var chunk = values.Slice(start, 1 << cached);
            for (var level = cached - 1; level >= 0; level--)
            {
                ButterflyLevel(chunk, level, twiddles, start >> (level + 1), inverse: false);
            }
        }
    }

    /// <summary>The inverse of <see cref="Forward(Span{ulong}, int)"/>: values at omega_u back to novel-basis coefficients.</summary>
    public static void Inverse(Span<ulong> values, int levels)
    {
        var twiddles = Twiddles(values.Length / 2);
        var cached = Math.Min(levels, CacheBlockLevels);
        for (var start = 0; start < values.Length; start += 1 << cached)
        {
            var chunk = values.Slice(start, 1 << cached);
            for (var level = 0; level < cached; level++)
            {
                ButterflyLevel(chunk, level, twiddles, start >> (level + 1), inverse: true);
            }
        }

        for (var level = cached; level < levels; level++)
        {
            ButterflyLevel(values, level, twiddles, 0, inverse: true);
        }
    }

    /// <summary>
    /// One level of butterflies over the blocks of 2^(level+1) elements in <paramref name="values"/>, the first of
    /// which is block <paramref name="firstBlock"/> of the whole transform (its twiddle index).
    /// </summary>
    private static void ButterflyLevel(Span<ulong> values, int level, ulong[] twiddles, int firstBlock, bool inverse)
    {
        var half = 1 << level;
        if (half < 8 && values.Length >= 16 && Pclmulqdq.V512.IsSupported)
        {
            NarrowButterflies(values, level, twiddles, firstBlock, inverse);
            return;
        }

        for (int start = 0, block = firstBlock; start < values.Length; start += 2 * half, block++)
        {
            var low = values.Slice(start, half);
            var high = values.Slice(start + half, half);
            if (inverse)
            {
                CarrylessMultiplication.XorInto(high, low);
                MultiplyAccumulate(low, high, twiddles[block]);
            }
            else
            {
                MultiplyAccumulate(low, high, twiddles[block]);
                CarrylessMultiplication.XorInto(high, low);
            }
        }
    }

    /// <summary>
    /// The levels whose blocks are narrower than a vector (half = 1, 2, 4): sixteen elements at a time are permuted
    /// into a vector of low and a vector of high halves, with each lane's twiddle, and permuted back.
    /// </summary>
    private static void NarrowButterflies(Span<ulong> values, int level, ulong[] twiddles, int firstBlock, bool inverse)
    {
        var (lowIndex, highIndex, backLow, backHigh, spread) = NarrowPermutations[level];
        ref var v = ref MemoryMarshal.GetReference(values);
        ref var t = ref MemoryMarshal.GetArrayDataReference(twiddles);
        for (var i = 0; i + 16 <= values.Length; i += 16)
        {
            var a = Vector512.LoadUnsafe(ref v, (nuint)i);
            var b = Vector512.LoadUnsafe(ref v, (nuint)(i + 8));
            var low = Avx512F.PermuteVar8x64x2(a, lowIndex, b);
            var high = Avx512F.PermuteVar8x64x2(a, highIndex, b);
            // The 16 elements hold 8 >> level blocks starting at block i >> (level + 1); their twiddles sit together.
            var s = Avx512F.PermuteVar8x64(Vector512.LoadUnsafe(ref t, (nuint)(firstBlock + (i >> (level + 1)))), spread);
            if (inverse)
            {
                high ^= low;
                low ^= Multiply8(high, s);
            }
            else
            {
                low ^= Multiply8(high, s);
                high ^= low;
            }

            Avx512F.PermuteVar8x64x2(low, backLow, high).StoreUnsafe(ref v, (nuint)i);
            Avx512F.PermuteVar8x64x2(low, backHigh, high).StoreUnsafe(ref v, (nuint)(i + 8));
        }
    }

    private static readonly (Vector512<ulong> Low, Vector512<ulong> High, Vector512<ulong> BackLow, Vector512<ulong> BackHigh, Vector512<ulong> Spread)[] NarrowPermutations =
    [
        (Vector512.Create(0UL, 2, 4, 6, 8, 10, 12, 14), Vector512.Create(1UL, 3, 5, 7, 9, 11, 13, 15),
            Vector512.Create(0UL, 8, 1, 9, 2, 10, 3, 11), Vector512.Create(4UL, 12, 5, 13, 6, 14, 7, 15),
            Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7)),
        (Vector512.Create(0UL, 1, 4, 5, 8, 9, 12, 13), Vector512.Create(2UL, 3, 6, 7, 10, 11, 14, 15),
            Vector512.Create(0UL, 1, 8, 9, 2, 3, 10, 11), Vector512.Create(4UL, 5, 12, 13, 6, 7, 14, 15),
            Vector512.Create(0UL, 0, 1, 1, 2, 2, 3, 3)),
        (Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11), Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15),
            Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11), Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15),
            Vector512.Create(0UL, 0, 0, 0, 1, 1, 1, 1)),
    ];

    /// <summary>
    /// Twiddle of block b at every level: W_L(sum over set bits t of b of beta_(t + L + 1)) = sum of beta_(t + 1), by
    /// linearity and W_L(beta_j) = beta_(j - L). Cached and grown on demand (a larger table serves smaller sizes).
    /// </summary>
    private static ulong[] Twiddles(int blocks)
    {
        var table = Volatile.Read(ref _twiddles);
        if (table.Length >= blocks)
        {
            return table;
        }

        table = new ulong[Math.Max(blocks, 1)];
        for (var b = 1; b < table.Length; b++)
        {
            table[b] = table[b & (b - 1)] ^ Basis[System.Numerics.BitOperations.TrailingZeroCount(b) + 1];
        }

        Volatile.Write(ref _twiddles, table);
        return table;
    }

    /// <summary>Exponents e &lt; 2^L of the terms x^e of W_L: 2^j for every j &lt; L whose bits lie within L's (Lucas).</summary>
    private static int[] LowerTerms(int level) => LowerTermTable[level];

    private static readonly int[][] LowerTermTable = Enumerable.Range(0, MaxLevels + 1)
        .Select(level => Enumerable.Range(0, level).Where(j => (j & ~level) == 0).Select(j => 1 << j).ToArray())
        .ToArray();

    /// <summary>
    /// Solves beta^2 + beta = beta_(i-1) for each i: x -> x^2 + x is linear over GF(2) with kernel {0, 1}, so the
    /// equation is a 64 x 64 linear system, solved by reducing its columns to an echelon basis while tracking which
    /// unit vectors each basis vector combines.
    /// </summary>
    private static ulong[] ComputeCantorBasis(int count)
    {
        var pivotVector = new ulong[64];
        var pivotCombination = new ulong[64];
        for (var j = 0; j < 64; j++)
        {
            var unit = 1UL << j;
            var vector = GaloisField64.Multiply(unit, unit) ^ unit;
            var combination = unit;
            Reduce(ref vector, ref combination, pivotVector, pivotCombination);
            if (vector != 0)
            {
                var pivot = 63 - System.Numerics.BitOperations.LeadingZeroCount(vector);
                pivotVector[pivot] = vector;
                pivotCombination[pivot] = combination;
            }
        }

        var basis = new ulong[count];
        basis[0] = 1;
        for (var i = 1; i < count; i++)
        {
            var target = basis[i - 1];
            ulong solution = 0;
            Reduce(ref target, ref solution, pivotVector, pivotCombination);
            if (target != 0)
            {
                throw new InvalidOperationException($"The Cantor basis has no element {i} in this field.");
            }

            basis[i] = solution;
        }

        return basis;
    }

    private static void Reduce(ref ulong vector, ref ulong combination, ulong[] pivotVector, ulong[] pivotCombination)
    {
        for (var bit = 63; bit >= 0; bit--)
        {
            if (((vector >> bit) & 1) != 0 && pivotVector[bit] != 0)
            {
                vector ^= pivotVector[bit];
                combination ^= pivotCombination[bit];
            }
        }
    }

    /// <summary>Cuts a packed polynomial into 32-bit pieces, one per element (bits past the end are dropped), zeros after.</summary>
    private static void Split(ReadOnlySpan<ulong> words, long bits, Span<ulong> pieces)
    {
        var count = (int)((bits + PieceBits - 1) / PieceBits);
        pieces[count..].Clear();
        for (var j = 0; j < count; j++)
        {
            pieces[j] = (words[j >> 1] >> (PieceBits * (j & 1))) & uint.MaxValue;
        }

        var spare = (count * PieceBits) - bits;
        if (spare > 0)
        {
            pieces[count - 1] &= uint.MaxValue >> (int)spare;
        }
    }

    /// <summary>Adds the product pieces (63 bits each, overlapping their neighbours) back into a packed polynomial.</summary>
    private static ulong[] Join(ReadOnlySpan<ulong> pieces, int count, long bits)
    {
        var words = new ulong[BitPacking.WordCount(bits) + 1];
        for (var j = 0; j < count; j++)
        {
            var word = j >> 1;
            if ((j & 1) == 0)
            {
                words[word] ^= pieces[j];
            }
            else
            {
                words[word] ^= pieces[j] << PieceBits;
                words[word + 1] ^= pieces[j] >> PieceBits;
            }
        }

        return words.AsSpan(0, BitPacking.WordCount(bits)).ToArray();
    }

    private static void MultiplyPointwise(Span<ulong> values, ReadOnlySpan<ulong> factors)
    {
        var i = 0;
        if (Pclmulqdq.V512.IsSupported)
        {
            ref var v = ref MemoryMarshal.GetReference(values);
            ref var f = ref MemoryMarshal.GetReference(factors);
            for (; i + 8 <= values.Length; i += 8)
            {
                Multiply8(Vector512.LoadUnsafe(ref v, (nuint)i), Vector512.LoadUnsafe(ref f, (nuint)i)).StoreUnsafe(ref v, (nuint)i);
            }
        }

        for (; i < values.Length; i++)
        {
            values[i] = GaloisField64.Multiply(values[i], factors[i]);
        }
    }

    /// <summary>low[i] += s high[i] for every i.</summary>
    private static void MultiplyAccumulate(Span<ulong> low, ReadOnlySpan<ulong> high, ulong s)
    {
        if (s == 0)
        {
            return;
        }

        var i = 0;
        if (Pclmulqdq.V512.IsSupported)
        {
            ref var l = ref MemoryMarshal.GetReference(low);
            ref var h = ref MemoryMarshal.GetReference(high);
            var twiddle = Vector512.Create(s);
            for (; i + 8 <= low.Length; i += 8)
            {
                var product = Multiply8(Vector512.LoadUnsafe(ref h, (nuint)i), twiddle);
                (Vector512.LoadUnsafe(ref l, (nuint)i) ^ product).StoreUnsafe(ref l, (nuint)i);
            }
        }

        for (; i < low.Length; i++)
        {
            low[i] ^= GaloisField64.Multiply(high[i], s);
        }
    }

    /// <summary>Eight products in GF(2^64): carry-less products of the even and odd lanes, then the reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Multiply8(Vector512<ulong> a, Vector512<ulong> b)
    {
        var even = Pclmulqdq.V512.CarrylessMultiply(a, b, 0x00);
        var odd = Pclmulqdq.V512.CarrylessMultiply(a, b, 0x11);
        var low = Avx512F.UnpackLow(even, odd);
        var high = Avx512F.UnpackHigh(even, odd);
        // high x^64 = high (x^4 + x^3 + x + 1); the bits that pass x^64 again (degree &lt;= 3) fold once more.
        var overflow = (high >>> 63) ^ (high >>> 61) ^ (high >>> 60);
        var folded = high ^ (high << 1) ^ (high << 3) ^ (high << 4);
        return low ^ folded ^ overflow ^ (overflow << 1) ^ (overflow << 3) ^ (overflow << 4);
    }
}
