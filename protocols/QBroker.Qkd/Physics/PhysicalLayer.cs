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
        var misalignment = DeterministicRandom.UniformThreshold(link.Misalignment);
        var generator = random.Generator;
        var index = 0;
        for (var c = 0; c < 3; c++)
        {
            WriteClicks(events, index, (int)clicksPerClass[c], (byte)c, models[c], misalignment, ref generator);
            index += (int)clicksPerClass[c];
        }

        random.Generator = generator;
        events.Count = index;
        return events;
    }

    /// <summary>
    /// The clicks of one intensity class. Per click: one draw for its category, one whose bits give both parties'
    /// bases and bits, and for a signal click in matching bases one more for misalignment. That last draw is taken
    /// without a branch (<see cref="Xoshiro256StarStar.NextIf"/>): whether the bases match is a coin flip a branch
    /// would mispredict half the time. The eavesdropper's categories take the general path.
    /// </summary>
    private static void WriteClicks(
        DetectionEvents events,
        int first,
        int count,
        byte intensityClass,
        ClickModel model,
        ulong misalignment,
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
        var origins = model.Origins;
        var categoryPhotonNumbers = model.PhotonNumbers;
        var categoryEveKnows = model.EveKnowsBit;
        for (var i = 0; i < count; i++)
        {
            var category = categories.Index(generator.Next());
            var bits = generator.Next();
            var aliceBit = (uint)bits & 1;
            var aliceBasis = (uint)(bits >> 1) & 1;
            var bobBasis = (uint)(bits >> 2) & 1;
            var randomBit = (uint)(bits >> 3) & 1;
            aliceBits[i] = (byte)aliceBit;
            aliceBases[i] = (byte)aliceBasis;
            bobBases[i] = (byte)bobBasis;
            var origin = origins[category];
            if (origin is ClickOrigin.Signal or ClickOrigin.DarkOnly)
            {
                // A signal click in Bob's basis carries Alice's bit, flipped with the misalignment probability.
                var carries = origin == ClickOrigin.Signal && bobBasis == aliceBasis;
                var flip = (generator.NextIf(carries) >> 11) < misalignment ? 1u : 0u;
                var carried = carries ? 1u : 0u;
                bobBits[i] = (byte)(randomBit ^ (carried & (randomBit ^ aliceBit ^ flip)));
                photonNumbers[i] = categoryPhotonNumbers[category];
                eveKnowsBit[i] = categoryEveKnows[category];
                continue;
            }

            // Intercept-resend: Eve measured in her own basis and resent what she saw.
            var eveBasis = (uint)(bits >> 4) & 1;
            var eveGuess = (uint)(bits >> 5) & 1;
            var photonNumber = model.PhotonNumberTable.Index(generator.Next());
            // Eve learns Alice's bit only if her basis was right and her pulse held a photon; otherwise she guesses.
            var eveKnows = photonNumber >= 1 && eveBasis == aliceBasis;
            var eveBit = eveKnows ? aliceBit : eveGuess;
            bobBits[i] = (byte)(origin == ClickOrigin.InterceptResendDark || bobBasis != eveBasis
                ? randomBit
                : eveBit ^ ((generator.Next() >> 11) < misalignment ? 1u : 0u));
            photonNumbers[i] = (byte)Math.Min(photonNumber, byte.MaxValue);
            eveKnowsBit[i] = eveKnows ? (byte)1 : (byte)0;
        }

        generatorState = generator;
    }
}
