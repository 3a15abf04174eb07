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

        var events = new DetectionEvents(pulsesPerClass, (int)total, pooledArrays);
        var generator = random.Generator;
        var index = 0;
        for (var c = 0; c < 3; c++)
        {
            WriteClicks(events, index, (int)clicksPerClass[c], (byte)c, models[c], ref generator);
            index += (int)clicksPerClass[c];
        }

        random.Generator = generator;
        events.Count = index;
        return events;
    }

    /// <summary>
    /// The clicks of one intensity class, one generator draw per click: its top 53 bits pick the category (which
    /// includes whether misalignment flipped the bit, see <see cref="ClickModel"/>), and its low bits, independent of
    /// those, are both parties' bases and bits. Bob's bit is chosen without a branch: whether the bases match is a
    /// coin flip a branch would mispredict half the time. Intercept-resend clicks take the general path, with one more
    /// draw for the photon number of the pulse Eve intercepted.
    /// </summary>
    private static void WriteClicks(
        DetectionEvents events,
        int first,
        int count,
        byte intensityClass,
        ClickModel model,
        ref Xoshiro256StarStar generatorState)
    {
        // A local copy keeps the generator's words in registers through the loop.
        var generator = generatorState;
        events.Classes.AsSpan(first, count).Fill(intensityClass);
        var aliceBits = events.AliceBits.AsSpan(first, count);
        var aliceBases = events.AliceBases.AsSpan(first, count);
        var bobBits = events.BobBits.AsSpan(first, count);
        var bobBases = events.BobBases.AsSpan(first, count);
        var photonNumbers = events.PhotonNumbers.AsSpan(first, count);
        var eveKnowsBit = events.EveKnowsBit.AsSpan(first, count);
        var categories = model.CategoryTable;
        var traitsOf = model.Traits;
        for (var i = 0; i < count; i++)
        {
            var draw = generator.Next();
            var traits = (uint)traitsOf[categories.Index(draw)];
            var bits = (uint)draw;
            var aliceBit = bits & 1;
            var aliceBasis = (bits >> 1) & 1;
            var bobBasis = (bits >> 2) & 1;
            var randomBit = (bits >> 3) & 1;
            var flip = (traits >> 9) & 1;
            aliceBits[i] = (byte)aliceBit;
            aliceBases[i] = (byte)aliceBasis;
            bobBases[i] = (byte)bobBasis;
            if ((traits & ClickModel.InterceptResent) == 0)
            {
                // A signal click in Bob's basis carries Alice's bit (flipped or not); any other click is a random bit.
                var carries = (traits >> 8) & ~(aliceBasis ^ bobBasis) & 1;
                bobBits[i] = (byte)(randomBit ^ (carries & (randomBit ^ aliceBit ^ flip)));
                photonNumbers[i] = (byte)traits;
                eveKnowsBit[i] = (byte)((traits >> 10) & 1);
                continue;
            }

            // Intercept-resend: Eve measured in her own basis and resent what she saw.
            var eveBasis = (bits >> 4) & 1;
            var eveGuess = (bits >> 5) & 1;
            var photonNumber = model.PhotonNumberTable.Index(generator.Next());
            // Eve learns Alice's bit only if her basis was right and her pulse held a photon; otherwise she guesses.
            var eveKnows = photonNumber >= 1 && eveBasis == aliceBasis;
            var eveBit = eveKnows ? aliceBit : eveGuess;
            var carriesEveBit = (traits & ClickModel.CarriesEveBit) != 0 && bobBasis == eveBasis;
            bobBits[i] = (byte)(carriesEveBit ? eveBit ^ flip : randomBit);
            photonNumbers[i] = (byte)Math.Min(photonNumber, byte.MaxValue);
            eveKnowsBit[i] = eveKnows ? (byte)1 : (byte)0;
        }

        generatorState = generator;
    }
}
