using System.Runtime.CompilerServices;

namespace QBroker.Qkd.Randomness;

/// <summary>
/// Draws an index from a discrete distribution given by its cumulative table: the first entry above a uniform draw
/// u on [0, 1), or the last entry if none is, where u is the top <c>precisionBits</c> bits of a 64-bit draw scaled to
/// [0, 1). Near-constant cost: the cumulative probabilities become integer thresholds on those bits (for 53 bits
/// exactly <see cref="DeterministicRandom.UniformThreshold"/>, which makes the answer that of comparing
/// <see cref="DeterministicRandom.NextDouble"/> with each entry), and a guide table (Chen and Asau, 1974) says, for
/// each of 2^GuideBits equal slices of [0, 1), the first index the slice can reach, so the scan starts there; most
/// slices hold no threshold at all, and there the guide's entry is the answer.
/// Fewer bits let one draw serve several outcomes; probabilities are then resolved to 2^-precisionBits.
/// </summary>
internal sealed class InverseCdfTable
{
    private const int GuideBits = 10;

    // Marks a guide entry whose slice holds a threshold, so a draw there needs the scan.
    private const int ScanNeeded = int.MinValue;

    private readonly ulong[] _thresholds;
    private readonly int[] _guide = new int[1 << GuideBits];

    public InverseCdfTable(ReadOnlySpan<double> cumulative, int precisionBits = 53)
    {
        if (cumulative.IsEmpty)
        {
            throw new ArgumentException("A distribution needs at least one outcome.", nameof(cumulative));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(precisionBits, GuideBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precisionBits, 53);
        PrecisionBits = precisionBits;
        _thresholds = new ulong[cumulative.Length];
        for (var i = 0; i < cumulative.Length; i++)
        {
            _thresholds[i] = DeterministicRandom.UniformThreshold(cumulative[i], precisionBits);
        }

        // The scan's answer is the first index whose threshold exceeds the draw; thresholds never decrease, so no draw
        // in a slice answers below the answer for the slice's smallest draw. Where the slice's largest draw gets the
        // same answer, every draw in it does, and the entry is final; otherwise it is marked (sign bit) as a start.
        var sliceShift = precisionBits - GuideBits;
        var index = 0;
        for (var slice = 0; slice < _guide.Length; slice++)
        {
            var smallest = (ulong)slice << sliceShift;
            index = Scan(smallest, index);
            var largest = smallest + (1UL << sliceShift) - 1;
            _guide[slice] = Scan(largest, index) == index ? index : index | ScanNeeded;
        }
    }

    public int PrecisionBits { get; }

    /// <summary>The outcome for a 64-bit draw, of which the top <see cref="PrecisionBits"/> bits are used.</summary>
    public int Index(ulong draw) => Index(draw >> (64 - PrecisionBits), PrecisionBits - GuideBits, _guide, _thresholds);

    /// <summary>
    /// The table as arrays, for a hot loop to hold in locals: read through the object, its arrays would be loaded
    /// again at every draw, since the loop's stores might (as far as the compiler can tell) have changed them.
    /// </summary>
    public (int GuideShift, int[] Guide, ulong[] Thresholds) Arrays => (PrecisionBits - GuideBits, _guide, _thresholds);

    /// <param name="x">A uniform integer below 2^PrecisionBits.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(ulong x, int guideShift, ReadOnlySpan<int> guide, ReadOnlySpan<ulong> thresholds)
    {
        var i = guide[(int)(x >> guideShift)];
        if (i >= 0)
        {
            return i;
        }

        i &= ~ScanNeeded;
        var last = thresholds.Length - 1;
        while (i < last && x >= thresholds[i])
        {
            i++;
        }

        return i;
    }

    private int Scan(ulong x, int from)
    {
        var i = from;
        while (i < _thresholds.Length - 1 && x >= _thresholds[i])
        {
            i++;
        }

        return i;
    }
}
