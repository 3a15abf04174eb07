using System.Numerics;
using QBroker.Qkd.Bits;
using QBroker.Qkd.Physics;

namespace QBroker.Qkd.Sifting;

/// <summary>
/// Basis reconciliation: Bob announces which pulses clicked and in which basis he measured, Alice answers which
/// bases matched and (with decoys) which state each pulse was. Only matching-basis clicks are kept.
/// </summary>
public static class Sifter
{
    public const int ClassCount = 3;

    public static SiftedKey Sift(DetectionEvents events)
    {
        // Whether bases match is a coin flip per click, which a branch per click would mispredict half the time;
        // instead the kept clicks of each class become bit masks, 64 clicks a word, and the fields are gathered under them.
        var count = events.Count;
        var matches = BasisMatches(events);
        var (aliceSource, bobSource) = events.PackedBits is { } packed
            ? (packed.AliceBits, packed.BobBits)
            : (BitPacking.PackToWords(events.AliceBits.AsSpan(0, count)), BitPacking.PackToWords(events.BobBits.AsSpan(0, count)));
        var clicks = new long[ClassCount];
        var siftedCounts = new int[ClassCount];
        var alice = new ulong[ClassCount][];
        var bob = new ulong[ClassCount][];
        byte[] eveKnows = [];
        byte[] photons = [];
        for (var c = 0; c < ClassCount; c++)
        {
            var ofClass = ClassMask(events, c);
            var sifted = 0;
            for (var w = 0; w < ofClass.Length; w++)
            {
                clicks[c] += BitOperations.PopCount(ofClass[w]);
                ofClass[w] &= matches[w];
                sifted += BitOperations.PopCount(ofClass[w]);
            }

            siftedCounts[c] = sifted;
            alice[c] = new ulong[BitPacking.WordCount(sifted)];
            bob[c] = new ulong[BitPacking.WordCount(sifted)];
            MaskedGather.BitsToBits(aliceSource, ofClass, alice[c]);
            MaskedGather.BitsToBits(bobSource, ofClass, bob[c]);
            if (c == (byte)IntensityClass.Signal)
            {
                // Ground truth of the key bits; gather fills them entirely, so they need not be zeroed first.
                eveKnows = GC.AllocateUninitializedArray<byte>(sifted);
                photons = GC.AllocateUninitializedArray<byte>(sifted);
                MaskedGather.Bytes(events.EveKnowsBit.AsSpan(0, count), ofClass, eveKnows);
                MaskedGather.Bytes(events.PhotonNumbers.AsSpan(0, count), ofClass, photons);
            }
        }

        return new SiftedKey(clicks, siftedCounts, alice, bob, eveKnows, photons, matches);
    }

    /// <summary>Bit i set where click i is of the class: from the class's run where the clicks come class by class.</summary>
    private static ulong[] ClassMask(DetectionEvents events, int intensityClass)
    {
        if (events.ClassStarts is not { } starts)
        {
            return BitPacking.EqualityMask(events.Classes.AsSpan(0, events.Count), (byte)intensityClass);
        }

        var mask = new ulong[BitPacking.WordCount(events.Count)];
        BitPacking.SetRange(mask, starts[intensityClass], starts[intensityClass + 1]);
        return mask;
    }

    /// <summary>Bit i set where the bases of click i match: a word at a time where the bases come packed.</summary>
    private static ulong[] BasisMatches(DetectionEvents events)
    {
        var count = events.Count;
        if (events.PackedBits is not { } packed)
        {
            return BitPacking.EqualityMask(events.AliceBases.AsSpan(0, count), events.BobBases.AsSpan(0, count));
        }

        var matches = new ulong[BitPacking.WordCount(count)];
        for (var w = 0; w < matches.Length; w++)
        {
            matches[w] = ~(packed.AliceBases[w] ^ packed.BobBases[w]);
        }

        if ((count & 63) != 0)
        {
            matches[^1] &= (1UL << (count & 63)) - 1;
        }

        return matches;
    }
}
