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
        var clicks = new long[ClassCount];
        var alice = new byte[ClassCount][];
        var bob = new byte[ClassCount][];
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

            // Gather fills them entirely: no need to zero them first.
            alice[c] = GC.AllocateUninitializedArray<byte>(sifted);
            bob[c] = GC.AllocateUninitializedArray<byte>(sifted);
            var signal = c == (byte)IntensityClass.Signal;
            if (signal)
            {
                eveKnows = GC.AllocateUninitializedArray<byte>(sifted);
                photons = GC.AllocateUninitializedArray<byte>(sifted);
            }

            Gather(events, ofClass, alice[c], bob[c], signal ? eveKnows : [], signal ? photons : []);
        }

        return new SiftedKey(clicks, alice, bob, eveKnows, photons, matches);
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

    /// <summary>
    /// Both parties' bits at the set bits of mask, in order, and (where given room) the ground truth with them.
    /// </summary>
    private static void Gather(DetectionEvents events, ulong[] mask, Span<byte> alice, Span<byte> bob, Span<byte> eveKnows, Span<byte> photons)
    {
        var count = events.Count;
        if (events.PackedBits is { } packed)
        {
            MaskedGather.BitsToBytes(packed.AliceBits, mask, alice);
            MaskedGather.BitsToBytes(packed.BobBits, mask, bob);
        }
        else
        {
            MaskedGather.Bytes(events.AliceBits.AsSpan(0, count), mask, alice);
            MaskedGather.Bytes(events.BobBits.AsSpan(0, count), mask, bob);
        }

        if (!eveKnows.IsEmpty)
        {
            MaskedGather.Bytes(events.EveKnowsBit.AsSpan(0, count), mask, eveKnows);
            MaskedGather.Bytes(events.PhotonNumbers.AsSpan(0, count), mask, photons);
        }
    }
}
