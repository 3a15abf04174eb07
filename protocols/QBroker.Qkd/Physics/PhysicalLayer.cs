using System.Buffers;
using QBroker.Qkd.Bits;
using QBroker.Qkd.Links;
using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Physics;

/// <summary>
/// The quantum part of a session: Alice's pulses through the fibre to Bob's detectors, with an optional eavesdropper.
/// Pulses are i.i.d., so instead of following every pulse the simulator draws how many of each class Alice sent
/// (multinomial), how many of those clicked (binomial with the class's click probability), and then only the
/// clicks in detail. Cost grows with the number of clicks, not of pulses.
/// </summary>
public static class PhysicalLayer
{
    public static DetectionEvents Simulate(LinkConfiguration link, long pulses, DeterministicRandom random) =>
        Simulate(link, pulses, random, pooledArrays: false);

    /// <param name="pooledArrays">
    /// Whether the per-click arrays come from the shared pool, for a caller that hands them back
    /// (<see cref="DetectionEvents.ReturnArrays"/>) once done with them.
    /// </param>
    internal static DetectionEvents Simulate(LinkConfiguration link, long pulses, DeterministicRandom random, bool pooledArrays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pulses);
        var source = link.Source;
        double[] classProbabilities = [source.SignalProbability, source.DecoyProbability, source.VacuumProbability];
        double[] intensities = [source.SignalIntensity, source.DecoyIntensity, source.VacuumIntensity];
        var pulsesPerClass = RandomVariates.Multinomial(random, pulses, classProbabilities);

        var models = new ClickModel[3];
        var clicksPerClass = new long[3];
        for (var c = 0; c < 3; c++)
        {
            models[c] = ClickModel.Build(link, intensities[c]);
            clicksPerClass[c] = RandomVariates.Binomial(random, pulsesPerClass[c], models[c].ClickProbability);
        }

        var total = clicksPerClass.Sum();
        if (total > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(pulses), "Too many clicks for one block; use fewer pulses.");
        }

        var count = (int)total;
        var events = new DetectionEvents(pulsesPerClass, count, pooledArrays, packedBits: true, classRuns: true)
        {
            ClassStarts = [0, (int)clicksPerClass[0], (int)(clicksPerClass[0] + clicksPerClass[1]), count],
        };
        var generator = random.Generator;
        var clickBits = events.PackedBits!;
        var words = BitPacking.WordCount(count);
        // Bases and bits are fair coins independent of everything else about a click: drawn 64 clicks at a time.
        var randomBits = ArrayPool<ulong>.Shared.Rent(words);
        for (var w = 0; w < words; w++)
        {
            clickBits.AliceBits[w] = generator.Next();
            clickBits.AliceBases[w] = generator.Next();
            clickBits.BobBases[w] = generator.Next();
            randomBits[w] = generator.Next();
        }

        // What each click's category says about Bob's bit, gathered as words by the click loop.
        var bobBit = new BobBitWords(words);
        var categories = ArrayPool<byte>.Shared.Rent(count);
        var index = 0;
        for (var c = 0; c < 3; c++)
        {
            WriteClicks(events, index, (int)clicksPerClass[c], models[c], bobBit, categories, ref generator);
            index += (int)clicksPerClass[c];
        }

        // A click carries Alice's bit (flipped or not) where it is a signal click and the bases match; Eve's resent
        // bit where she decided it; otherwise Bob's bit is a fair coin.
        for (var w = 0; w < words; w++)
        {
            var carries = bobBit.CarriesAliceBit[w] & ~(clickBits.AliceBases[w] ^ clickBits.BobBases[w]);
            var bob = randomBits[w] ^ (carries & (randomBits[w] ^ clickBits.AliceBits[w] ^ bobBit.Flipped[w]));
            clickBits.BobBits[w] = (bob & ~bobBit.SetByEve[w]) | bobBit.EveSet[w];
        }

        // Bits past the last click are zero, as packed fields require.
        if ((count & 63) != 0)
        {
            var last = (1UL << (count & 63)) - 1;
            foreach (var field in (ulong[][])[clickBits.AliceBits, clickBits.AliceBases, clickBits.BobBits, clickBits.BobBases])
            {
                field[words - 1] &= last;
            }
        }

        ArrayPool<ulong>.Shared.Return(randomBits);
        ArrayPool<byte>.Shared.Return(categories);
        bobBit.ReturnArrays();
        random.Generator = generator;
        events.Count = index;
        return events;
    }

    /// <summary>
    /// The clicks of one intensity class (they follow the previous class's): their categories first (<see cref="DrawCategories"/>), then what each
    /// category says (<see cref="RecordTraits"/>), then the general path of intercept-resend clicks, in order, with
    /// draws of their own. Two tight loops run faster than one that does everything: the first keeps the generator
    /// and the table in registers, the second is table reads and stores.
    /// </summary>
    private static void WriteClicks(
        DetectionEvents events,
        int first,
        int count,
        ClickModel model,
        BobBitWords bobBit,
        byte[] categories,
        ref Xoshiro256StarStar generator)
    {
        var categoryOf = categories.AsSpan(first, count);
        DrawCategories(categoryOf, model.CategoryTable, ref generator);
        var intercepted = RecordTraits(events, first, categoryOf, model.Traits, bobBit);
        foreach (var click in intercepted)
        {
            InterceptResend(events, click, model.Traits[categories[click]], model, bobBit, ref generator);
        }
    }

    /// <summary>
    /// One generator draw per two clicks: its top 32 bits pick the first click's category, its low 32 bits the
    /// second's (an odd last click takes the top half of a draw of its own).
    /// </summary>
    private static void DrawCategories(Span<byte> categoryOf, InverseCdfTable table, ref Xoshiro256StarStar generatorState)
    {
        // A local copy keeps the generator's words in registers through the loop.
        var generator = generatorState;
        var (guideShift, guideArray, thresholdArray) = table.Arrays;
        ReadOnlySpan<int> guide = guideArray;
        ReadOnlySpan<ulong> thresholds = thresholdArray;
        var i = 0;
        for (; i + 1 < categoryOf.Length; i += 2)
        {
            var draw = generator.Next();
            categoryOf[i] = (byte)InverseCdfTable.Index(draw >> 32, guideShift, guide, thresholds);
            categoryOf[i + 1] = (byte)InverseCdfTable.Index(draw & uint.MaxValue, guideShift, guide, thresholds);
        }

        if (i < categoryOf.Length)
        {
            categoryOf[i] = (byte)InverseCdfTable.Index(generator.Next() >> 32, guideShift, guide, thresholds);
        }

        generatorState = generator;
    }

    /// <summary>
    /// Each click's photon number and what Eve knows, and its bits of <paramref name="bobBit"/>'s words (gathered a
    /// word at a time in registers; a class may start or end inside a word, so words are or-ed in). Returns the
    /// intercept-resend clicks, which need the general path.
    /// </summary>
    private static List<int> RecordTraits(DetectionEvents events, int first, ReadOnlySpan<byte> categoryOf, ushort[] traitsArray, BobBitWords bobBit)
    {
        ReadOnlySpan<ushort> traitsOf = traitsArray;
        var photonNumbers = events.PhotonNumbers.AsSpan(first, categoryOf.Length);
        var eveKnowsBit = events.EveKnowsBit.AsSpan(first, categoryOf.Length);
        var intercepted = new List<int>();
        for (var start = 0; start < categoryOf.Length;)
        {
            var end = Math.Min(categoryOf.Length, start + 64 - ((first + start) & 63));
            ulong carries = 0;
            ulong flipped = 0;
            uint anyIntercepted = 0;
            for (var k = start; k < end; k++)
            {
                var traits = (uint)traitsOf[categoryOf[k]];
                var bit = (first + k) & 63;
                carries |= (ulong)((traits >> 8) & 1) << bit;
                flipped |= (ulong)((traits >> 9) & 1) << bit;
                photonNumbers[k] = (byte)traits;
                eveKnowsBit[k] = (byte)((traits >> 10) & 1);
                anyIntercepted |= traits;
            }

            var word = (first + start) >> 6;
            bobBit.CarriesAliceBit[word] |= carries;
            bobBit.Flipped[word] |= flipped;
            if ((anyIntercepted & ClickModel.InterceptResent) != 0)
            {
                for (var k = start; k < end; k++)
                {
                    if ((traitsOf[categoryOf[k]] & ClickModel.InterceptResent) != 0)
                    {
                        intercepted.Add(first + k);
                    }
                }
            }

            start = end;
        }

        return intercepted;
    }

    /// <summary>
    /// Eve measured the pulse in her own basis and resent what she saw. She learns Alice's bit only if her basis was
    /// right and her pulse held a photon; otherwise she guesses. Where a photon she resent reached Bob and his basis
    /// matches hers he gets her bit (flipped or not by misalignment); otherwise a fair coin. One draw gives her basis
    /// (bit 0) and guess (bit 1), one more the photon number of the pulse she intercepted. Other clicks draw nothing.
    /// </summary>
    private static void InterceptResend(
        DetectionEvents events, int i, uint traits, ClickModel model, BobBitWords bobBit, ref Xoshiro256StarStar generator)
    {
        var draw = generator.Next();
        var clickBits = events.PackedBits!;
        var (word, bit) = (i >> 6, i & 63);
        var aliceBit = (uint)(clickBits.AliceBits[word] >> bit) & 1;
        var aliceBasis = (uint)(clickBits.AliceBases[word] >> bit) & 1;
        var bobBasis = (uint)(clickBits.BobBases[word] >> bit) & 1;
        var eveBasis = (uint)draw & 1;
        var eveGuess = (uint)(draw >> 1) & 1;
        var photonNumber = model.PhotonNumberTable.Index(generator.Next());
        var eveKnows = photonNumber >= 1 && eveBasis == aliceBasis;
        var eveBit = eveKnows ? aliceBit : eveGuess;
        events.PhotonNumbers[i] = (byte)Math.Min(photonNumber, byte.MaxValue);
        events.EveKnowsBit[i] = eveKnows ? (byte)1 : (byte)0;
        if ((traits & ClickModel.CarriesEveBit) != 0 && bobBasis == eveBasis)
        {
            bobBit.SetByEve[word] |= 1UL << bit;
            bobBit.EveSet[word] |= (ulong)(eveBit ^ ((traits >> 9) & 1)) << bit;
        }
    }
}
