using System.Numerics;
using QBroker.Qkd.Bits;
using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Estimation;

/// <summary>Parameter estimation by random sampling: Alice picks a uniformly random subset and both disclose it.</summary>
public static class QberSampler
{
    public static QberSample Sample(
        ReadOnlySpan<byte> alice, ReadOnlySpan<byte> bob, ReadOnlySpan<byte> eveKnows, double fraction, DeterministicRandom random) =>
        Sample(BitPacking.PackToWords(alice), BitPacking.PackToWords(bob), alice.Length, eveKnows, fraction, random);

    /// <param name="alice">Alice's n sifted bits, packed.</param>
    /// <param name="bob">Bob's n sifted bits, packed.</param>
    /// <param name="n">How many bits there are.</param>
    /// <param name="eveKnows">Ground truth, one byte per bit.</param>
    /// <param name="fraction">The share of the bits disclosed.</param>
    /// <param name="random">Alice's public choice of the sample.</param>
    internal static QberSample Sample(
        ReadOnlySpan<ulong> alice, ReadOnlySpan<ulong> bob, int n, ReadOnlySpan<byte> eveKnows, double fraction, DeterministicRandom random)
    {
        var sampleSize = (int)Math.Round(fraction * n);
        var inSample = UniformSubset(n, sampleSize, random);

        // The sample's errors by words; the bits left out of it, in order, are the key.
        var errors = 0;
        var keptMask = new ulong[inSample.Length];
        for (var w = 0; w < inSample.Length; w++)
        {
            errors += BitOperations.PopCount((alice[w] ^ bob[w]) & inSample[w]);
            keptMask[w] = ~inSample[w];
        }

        if ((n & 63) != 0)
        {
            keptMask[^1] &= (1UL << (n & 63)) - 1;
        }

        var keyLength = n - sampleSize;
        // Gather fills them entirely: no need to zero them first.
        var aliceKey = GC.AllocateUninitializedArray<byte>(keyLength);
        var bobKey = GC.AllocateUninitializedArray<byte>(keyLength);
        var eveKey = GC.AllocateUninitializedArray<byte>(keyLength);
        MaskedGather.BitsToBytes(alice, keptMask, aliceKey);
        MaskedGather.BitsToBytes(bob, keptMask, bobKey);
        MaskedGather.Bytes(eveKnows, keptMask, eveKey);
        return new QberSample(sampleSize, errors, aliceKey, bobKey, eveKey);
    }

    /// <summary>
    /// A uniformly random subset of size k of [0, n), as a packed mask: indices drawn uniformly, a repeat drawn again,
    /// which makes each step uniform over the indices not yet chosen (sampling without replacement). Where k is more
    /// than half of n, the n - k left out are chosen instead, so that repeats stay rare (expected draws at most
    /// n ln 2). The mask is an eighth of a byte per index, so the random accesses stay in a small cache.
    /// </summary>
    internal static ulong[] UniformSubset(int n, int k, DeterministicRandom random)
    {
        var complement = k > n / 2;
        var toChoose = complement ? n - k : k;
        var chosen = new ulong[BitPacking.WordCount(n)];
        for (var c = 0; c < toChoose;)
        {
            var j = random.NextInt32(n);
            var bit = 1UL << (j & 63);
            if ((chosen[j >> 6] & bit) == 0)
            {
                chosen[j >> 6] |= bit;
                c++;
            }
        }

        if (complement)
        {
            for (var w = 0; w < chosen.Length; w++)
            {
                chosen[w] = ~chosen[w];
            }

            if ((n & 63) != 0)
            {
                chosen[^1] &= (1UL << (n & 63)) - 1;
            }
        }

        return chosen;
    }
}
