using System.Runtime.CompilerServices;

namespace QBroker.Qkd.Randomness;

/// <summary>
/// Draws an index from a discrete distribution given by its cumulative table: the first entry above a uniform draw
/// u on [0, 1) (u = w / 2^64 for a 64-bit draw w, cut to 53 bits), or the last entry if none is. Near-constant cost:
/// the cumulative probabilities become integer thresholds on the draw's top 53 bits
/// (<see cref="DeterministicRandom.UniformThreshold"/>, which makes the answer exactly that of comparing
/// <see cref="DeterministicRandom.NextDouble"/> with each entry), and a guide table (Chen and Asau, 1974) says, for
/// each of 2^GuideBits equal slices of [0, 1), the first index the slice can reach, so the scan starts there.
/// </summary>
internal sealed class InverseCdfTable
{
    private const int GuideBits = 10;

    private readonly ulong[] _thresholds;
    private readonly int[] _guide = new int[1 << GuideBits];

    public InverseCdfTable(ReadOnlySpan<double> cumulative)
    {
        if (cumulative.IsEmpty)
        {
            throw new ArgumentException("A distribution needs at least one outcome.", nameof(cumulative));
        }

        _thresholds = new ulong[cumulative.Length];
        for (var i = 0; i < cumulative.Length; i++)
        {
            _thresholds[i] = DeterministicRandom.UniformThreshold(cumulative[i]);
        }

        // The scan's answer is the first index whose threshold exceeds the draw; thresholds never decrease, so no draw
        // in a slice answers below the answer for the slice's smallest draw.
        var index = 0;
        for (var slice = 0; slice < _guide.Length; slice++)
        {
            var smallest = (ulong)slice << (53 - GuideBits);
            while (index < _thresholds.Length - 1 && smallest >= _thresholds[index])
            {
                index++;
            }

            _guide[slice] = index;
        }
    }

    // Inlined into the click loop, which calls it once per click.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Index(ulong draw)
    {
        var x = draw >> 11;
        var i = _guide[(int)(x >> (53 - GuideBits))];
        var last = _thresholds.Length - 1;
        while (i < last && x >= _thresholds[i])
        {
            i++;
        }

        return i;
    }
}
