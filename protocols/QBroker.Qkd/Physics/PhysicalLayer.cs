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
        var events = new DetectionEvents(pulsesPerClass, count, pooledArrays, packedBits: true);
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
        var intercepted = new List<(int Click, ushort Traits)>();
        var index = 0;
        for (var c = 0; c < 3; c++)
        {
            WriteClicks(events, index, (int)clicksPerClass[c], (byte)c, models[c], bobBit, intercepted, ref generator);
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
        bobBit.ReturnArrays();
        random.Generator = generator;
        events.Count = index;
        return events;
    }

    /// <summary>
    /// The clicks of one intensity class, one generator draw per two clicks: each half of it picks one click's
    /// category (which includes whether misalignment flipped the bit, see <see cref="ClickModel"/>), recorded as one
    /// bit per click in <paramref name="bobBit"/>'s words. Clicks go word by word, so each word's bits are gathered in
    /// registers and written once. Intercept-resend clicks take the general path afterwards, in order, with draws of
    /// their own.
    /// </summary>
    private static void WriteClicks(
        DetectionEvents events,
        int first,
        int count,
        byte intensityClass,
        ClickModel model,
        BobBitWords bobBit,
        List<(int Click, ushort Traits)> intercepted,
        ref Xoshiro256StarStar generatorState)
    {
        // A local copy keeps the generator's words in registers through the loop.
        var generator = generatorState;
        events.Classes.AsSpan(first, count).Fill(intensityClass);
        var photonNumbers = events.PhotonNumbers;
        var eveKnowsBit = events.EveKnowsBit;
        var (guideShift, guideArray, thresholdArray) = model.CategoryTable.Arrays;
        ReadOnlySpan<int> guide = guideArray;
        ReadOnlySpan<ulong> thresholds = thresholdArray;
        ReadOnlySpan<ushort> traitsOf = model.Traits;
        var end = first + count;
        for (var wordStart = first; wordStart < end;)
        {
            // A class may start or end inside a word, so words are or-ed in.
            var wordEnd = Math.Min(end, (wordStart | 63) + 1);
            ulong carries = 0;
            ulong flipped = 0;
            var i = wordStart;
            for (; i < wordEnd; i += 2)
            {
                var draw = generator.Next();
                var traits = traitsOf[InverseCdfTable.Index(draw >> 32, guideShift, guide, thresholds)];
                // The last click of an odd stretch leaves the draw's other half unused.
                var second = i + 1 < wordEnd;
                var nextTraits = second ? traitsOf[InverseCdfTable.Index(draw & uint.MaxValue, guideShift, guide, thresholds)] : (ushort)0;
                var pair = (ulong)(traits | ((uint)nextTraits << 16));
                carries |= (((pair >> 8) & 1) | ((pair >> 23) & 2)) << (i & 63);
                flipped |= (((pair >> 9) & 1) | ((pair >> 24) & 2)) << (i & 63);
                photonNumbers[i] = (byte)traits;
                eveKnowsBit[i] = (byte)((traits >> 10) & 1);
                if (second)
                {
                    photonNumbers[i + 1] = (byte)nextTraits;
                    eveKnowsBit[i + 1] = (byte)((nextTraits >> 10) & 1);
                }

                if (((traits | nextTraits) & ClickModel.InterceptResent) != 0)
                {
                    Intercepted(intercepted, i, traits);
                    Intercepted(intercepted, i + 1, nextTraits);
                }
            }

            bobBit.CarriesAliceBit[wordStart >> 6] |= carries;
            bobBit.Flipped[wordStart >> 6] |= flipped;
            wordStart = wordEnd;
        }

        generatorState = generator;

        // The intercepted clicks' own draws come after the class's categories, from the caller's generator: taking the
        // local copy's address anywhere in this method would keep it in memory through the loop above.
        foreach (var (click, traits) in intercepted)
        {
            InterceptResend(events, click, traits, model, bobBit, ref generatorState);
        }

        intercepted.Clear();
    }

    private static void Intercepted(List<(int Click, ushort Traits)> intercepted, int click, ushort traits)
    {
        if ((traits & ClickModel.InterceptResent) != 0)
        {
            intercepted.Add((click, traits));
        }
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
