using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.Intrinsics;
using QBroker.Qkd.Bits;
using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Reconciliation;

/// <summary>
/// The public shuffles Cascade uses for frames of one length, one per pass (pass 0 keeps the frame order: errors are
/// already independent), and packed masks of long ranges of a shuffled order, so that a parity there is a popcount
/// over packed words instead of one random access per bit. Long ranges recur from frame to frame (block boundaries,
/// and the upper levels of BINARY within a block do not depend on the data), so the masks are worth keeping.
/// The shuffles are fixed in advance, a pure function of (frame length, pass), and shared by every session in the
/// process. That is standard practice and costs no secrecy: the permutations are public in any case and independent
/// of the key, so Eve learns nothing from knowing them before the frame rather than with it, and Cascade only needs
/// them to be independent of where the errors are, which fresh errors in every frame guarantee. Being fixed also keeps
/// a seeded session's result independent of which blocks (and frame lengths) ran before it in the process.
/// A frame of n bits uses, for each pass, the restriction to the values below n of one uniform permutation of n
/// rounded up to a multiple of 1,024 values: the values below n of a uniform permutation appear in a uniform random
/// order, and the frame lengths of a link's blocks (all near the configured frame size) share one drawn permutation,
/// so a length not seen before costs one filtering pass instead of a fresh draw, and a length one bit from a cached
/// one (a block's two frame lengths) a few copies.
/// </summary>
internal sealed class PublicPermutations
{
    // Frame lengths kept at once: a block has frames of two lengths, a few links run blocks at the same time.
    private const int CachedFrameLengths = 6;

    // Range masks kept per frame length (a 10,000-bit frame's are 1.3 KB each): the long blocks of the schedules and
    // the upper levels of BINARY in them take a few hundred; past the cap (block sizes move with the estimated QBER)
    // parities are gathered instead of caching without bound.
    private const int CachedRangeMasks = 1024;

    // Frame lengths are drawn for in steps of this: a link's frames (all within a fraction of a percent of the
    // configured size) then share one draw, and restricting it drops few values.
    private const int DrawnSizeStep = 1024;

    // Drawn permutations kept (40 KB each at 10,000 bits): every pass of a few drawn sizes.
    private const int CachedDraws = 4 * 24;

    private const ulong SeedLabel = 0xCA5C_ADE0_0000_0000UL;

    private static readonly ConcurrentDictionary<(int FrameBits, int Passes), PublicPermutations> ByFrameLength = new();
    private static readonly ConcurrentDictionary<(int Size, int Pass), int[]> DrawnPermutations = new();

    private readonly ConcurrentDictionary<long, ulong[]> _rangeMasks = new();
    private readonly int _frameBits;

    private PublicPermutations(int frameBits, int passes)
        : this(frameBits, new int[passes][], new int[passes][])
    {
        var identity = Identity(frameBits);
        for (var pass = 0; pass < passes; pass++)
        {
            (Order[pass], PositionOf[pass]) = pass == 0 ? (identity, identity) : Restrict(Drawn(DrawnSize(frameBits), pass), frameBits);
        }
    }

    private PublicPermutations(int frameBits, int[][] order, int[][] positionOf)
    {
        _frameBits = frameBits;
        Order = order;
        PositionOf = positionOf;
    }

    /// <summary>Frame positions in the order of each pass (the first n entries; any beyond are scratch).</summary>
    public int[][] Order { get; }

    /// <summary>
    /// Inverse of <see cref="Order"/>: where each frame position sits in a pass's order (the first n entries; any
    /// beyond are scratch).
    /// </summary>
    public int[][] PositionOf { get; }

    /// <summary>The shuffles for frames of <paramref name="frameBits"/> bits and <paramref name="passes"/> passes.</summary>
    public static PublicPermutations For(int frameBits, int passes)
    {
        if (ByFrameLength.TryGetValue((frameBits, passes), out var cached))
        {
            return cached;
        }

        // A block's frames come in two lengths one apart: with one cached, the other is that one less its largest
        // value, or plus one more, in a few copies instead of a filtering pass over each draw.
        var built = DrawnSize(frameBits + 1) == DrawnSize(frameBits) && ByFrameLength.TryGetValue((frameBits + 1, passes), out var longer)
            ? longer.WithoutLargest()
            : DrawnSize(frameBits - 1) == DrawnSize(frameBits) && ByFrameLength.TryGetValue((frameBits - 1, passes), out var shorter)
                ? shorter.WithOneMore()
                : new PublicPermutations(frameBits, passes);

        // A full cache is emptied rather than ordered by use: lengths recur block after block, so it refills at once.
        if (ByFrameLength.Count >= CachedFrameLengths)
        {
            ByFrameLength.Clear();
        }

        // Two threads may build the same entry; both results are equal, one is kept.
        return ByFrameLength.GetOrAdd((frameBits, passes), built);
    }

    /// <summary>The shuffles built afresh, bypassing the cache: for checking that they are a pure function of the length.</summary>
    internal static PublicPermutations Rebuild(int frameBits, int passes) => new(frameBits, passes);

    /// <summary>
    /// Frame positions of order[start .. start + length) of a pass as a packed mask, or null when the cache is full
    /// (the caller then gathers the parity bit by bit).
    /// </summary>
    public ulong[]? RangeMask(int pass, int start, int length)
    {
        var key = CascadeReconciler.RangeKey(pass, start, length);
        if (_rangeMasks.TryGetValue(key, out var mask))
        {
            return mask;
        }

        if (_rangeMasks.Count >= CachedRangeMasks)
        {
            return null;
        }

        mask = InRangeMask(PositionOf[pass].AsSpan(0, _frameBits), start, length);
        return _rangeMasks.GetOrAdd(key, mask);
    }

    private static int DrawnSize(int frameBits) => (frameBits + DrawnSizeStep - 1) / DrawnSizeStep * DrawnSizeStep;

    /// <summary>
    /// The shuffles of a frame one bit shorter (same draws): each order without the largest value, places after it
    /// one lower. The restriction of a restriction is the restriction to the smaller set, so this equals a fresh build.
    /// </summary>
    internal PublicPermutations WithoutLargest()
    {
        var n = _frameBits - 1;
        var (orders, places) = (new int[Order.Length][], new int[Order.Length][]);
        var identity = Identity(n);
        (orders[0], places[0]) = (identity, identity);
        for (var pass = 1; pass < Order.Length; pass++)
        {
            var removed = PositionOf[pass][n];
            var order = GC.AllocateUninitializedArray<int>(n + 1);
            Order[pass].AsSpan(0, removed).CopyTo(order);
            Order[pass].AsSpan(removed + 1, n - removed).CopyTo(order.AsSpan(removed));
            var positionOf = GC.AllocateUninitializedArray<int>(n);
            Shift(PositionOf[pass].AsSpan(0, n), positionOf, removed + 1, -1);
            (orders[pass], places[pass]) = (order, positionOf);
        }

        return new PublicPermutations(n, orders, places);
    }

    /// <summary>
    /// The shuffles of a frame one bit longer (same draws): the new largest value goes where its draw puts it among
    /// the values kept, places from there on one higher. Equal to a fresh build, as above.
    /// </summary>
    internal PublicPermutations WithOneMore()
    {
        var n = _frameBits;
        var (orders, places) = (new int[Order.Length][], new int[Order.Length][]);
        var identity = Identity(n + 1);
        (orders[0], places[0]) = (identity, identity);
        for (var pass = 1; pass < Order.Length; pass++)
        {
            var drawn = Drawn(DrawnSize(n + 1), pass);
            var inserted = CountBelow(drawn.AsSpan(0, drawn.AsSpan().IndexOf(n)), n);
            var order = GC.AllocateUninitializedArray<int>(n + 2);
            Order[pass].AsSpan(0, inserted).CopyTo(order);
            order[inserted] = n;
            Order[pass].AsSpan(inserted, n - inserted).CopyTo(order.AsSpan(inserted + 1));
            var positionOf = GC.AllocateUninitializedArray<int>(n + 1);
            Shift(PositionOf[pass].AsSpan(0, n), positionOf, inserted, 1);
            positionOf[n] = inserted;
            (orders[pass], places[pass]) = (order, positionOf);
        }

        return new PublicPermutations(n + 1, orders, places);
    }

    /// <summary>to[i] = from[i] + delta where from[i] is at least threshold, else from[i]; eight at a time.</summary>
    private static void Shift(ReadOnlySpan<int> from, Span<int> to, int threshold, int delta)
    {
        var limit = Vector256.Create(threshold);
        var step = Vector256.Create(delta);
        var i = 0;
        for (; i + Vector256<int>.Count <= from.Length; i += Vector256<int>.Count)
        {
            var places = Vector256.Create(from.Slice(i, Vector256<int>.Count));
            (places + (Vector256.GreaterThanOrEqual(places, limit) & step)).CopyTo(to[i..]);
        }

        for (; i < from.Length; i++)
        {
            to[i] = from[i] + (from[i] >= threshold ? delta : 0);
        }
    }

    /// <summary>How many of the values are below the bound; eight at a time.</summary>
    private static int CountBelow(ReadOnlySpan<int> values, int bound)
    {
        var limit = Vector256.Create(bound);
        var count = 0;
        var i = 0;
        for (; i + Vector256<int>.Count <= values.Length; i += Vector256<int>.Count)
        {
            count += BitOperations.PopCount(Vector256.LessThan(Vector256.Create(values.Slice(i, Vector256<int>.Count)), limit).ExtractMostSignificantBits());
        }

        for (; i < values.Length; i++)
        {
            count += values[i] < bound ? 1 : 0;
        }

        return count;
    }

    private static int[] Drawn(int size, int pass)
    {
        if (DrawnPermutations.Count >= CachedDraws && !DrawnPermutations.ContainsKey((size, pass)))
        {
            DrawnPermutations.Clear();
        }

        return DrawnPermutations.GetOrAdd(
            (size, pass),
            key => RandomVariates.Permutation(new DeterministicRandom(SeedLabel ^ ((ulong)key.Size << 8) ^ (ulong)key.Pass), key.Size));
    }

    /// <summary>The values below frameBits of a drawn permutation, in its order, and the inverse of that order.</summary>
    private static (int[] Order, int[] PositionOf) Restrict(int[] drawn, int frameBits)
    {
        // Every value is written and the count advanced only for those kept: no branch to mispredict. The spare
        // entries take the writes of dropped values and are never read.
        var order = GC.AllocateUninitializedArray<int>(frameBits + 1);
        var positionOf = GC.AllocateUninitializedArray<int>(drawn.Length);
        var count = 0;
        foreach (var value in drawn)
        {
            order[count] = value;
            positionOf[value] = count;
            count += value < frameBits ? 1 : 0;
        }

        return (order, positionOf);
    }

    /// <summary>Packed mask of the frame positions whose place in the order is in [start, start + length).</summary>
    private static ulong[] InRangeMask(ReadOnlySpan<int> positionOf, int start, int length)
    {
        var mask = new ulong[BitPacking.WordCount(positionOf.Length)];
        var from = Vector256.Create(start);
        var count = Vector256.Create(length);
        var i = 0;
        // Eight places at a time: (place - start) below length as an unsigned compare, one mask bit per lane.
        for (; i + Vector256<int>.Count <= positionOf.Length; i += Vector256<int>.Count)
        {
            var offset = Vector256.Create(positionOf.Slice(i, Vector256<int>.Count)) - from;
            var inside = Vector256.LessThan(offset.AsUInt32(), count.AsUInt32());
            mask[i >> 6] |= (ulong)inside.ExtractMostSignificantBits() << (i & 63);
        }

        for (; i < positionOf.Length; i++)
        {
            mask[i >> 6] |= ((uint)(positionOf[i] - start) < (uint)length ? 1UL : 0) << (i & 63);
        }

        return mask;
    }

    private static int[] Identity(int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        return order;
    }
}
