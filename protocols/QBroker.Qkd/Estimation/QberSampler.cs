using System.Buffers;
using System.Numerics;
using QBroker.Qkd.Bits;
using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Estimation;

/// <summary>Parameter estimation by random sampling: Alice picks a uniformly random subset and both disclose it.</summary>
public static class QberSampler
{
    public static QberSample Sample(
        ReadOnlySpan<byte> alice, ReadOnlySpan<byte> bob, ReadOnlySpan<byte> eveKnows, double fraction, DeterministicRandom random)
    {
        var n = alice.Length;
        var sampleSize = (int)Math.Round(fraction * n);
        // The sample as a packed mask: an eighth of a byte per bit, so the random writes stay in a small cache.
        var inSample = new ulong[BitPacking.WordCount(n)];
        // Partial Fisher-Yates: the first sampleSize entries of a shuffled index list are a uniform subset. The list
        // starts as the identity, kept implicit: an entry holds its index plus one once a swap has moved it, and 0
        // while it still holds its own position, which saves writing the whole list first. A block's list is
        // megabytes; it is borrowed from the shared pool rather than allocated fresh in every block.
        var moved = ArrayPool<int>.Shared.Rent(n);
        Array.Clear(moved, 0, n);
        for (var i = 0; i < sampleSize; i++)
        {
            var j = i + random.NextInt32(n - i);
            var atI = moved[i] == 0 ? i : moved[i] - 1;
            var atJ = moved[j] == 0 ? j : moved[j] - 1;
            moved[j] = atI + 1;
            inSample[atJ >> 6] |= 1UL << (atJ & 63);
        }

        ArrayPool<int>.Shared.Return(moved);

        // The sample's errors by words; the bits left out of it, in order, are the key.
        var aliceWords = BitPacking.PackToWords(alice);
        var bobWords = BitPacking.PackToWords(bob);
        var errors = 0;
        var keptMask = new ulong[inSample.Length];
        for (var w = 0; w < inSample.Length; w++)
        {
            errors += BitOperations.PopCount((aliceWords[w] ^ bobWords[w]) & inSample[w]);
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
        MaskedGather.Bytes(alice, keptMask, aliceKey);
        MaskedGather.Bytes(bob, keptMask, bobKey);
        MaskedGather.Bytes(eveKnows, keptMask, eveKey);
        return new QberSample(sampleSize, errors, aliceKey, bobKey, eveKey);
    }
}
