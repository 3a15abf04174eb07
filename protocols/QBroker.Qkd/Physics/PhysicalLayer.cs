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
    public static DetectionEvents Simulate(LinkConfiguration link, long pulses, DeterministicRandom random)
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

        var events = new DetectionEvents(pulsesPerClass, (int)total);
        var index = 0;
        for (var c = 0; c < 3; c++)
        {
            var model = models[c];
            for (long k = 0; k < clicksPerClass[c]; k++)
            {
                WriteClick(events, index++, (byte)c, model, link.Misalignment, random);
            }
        }

        events.Count = index;
        return events;
    }

    private static void WriteClick(
        DetectionEvents events, int i, byte intensityClass, ClickModel model, double misalignment, DeterministicRandom random)
    {
        var category = model.Category(RandomVariates.FromCumulative(random, model.CumulativeGivenClick));
        var bits = random.NextUInt64();
        var aliceBit = (byte)(bits & 1);
        var aliceBasis = (byte)((bits >> 1) & 1);
        var bobBasis = (byte)((bits >> 2) & 1);
        var randomBit = (byte)((bits >> 3) & 1);
        var eveBasis = (byte)((bits >> 4) & 1);
        var eveGuess = (byte)((bits >> 5) & 1);
        var photonNumber = category.PhotonNumber;
        var eveKnows = category.EveKnowsBit;
        byte bobBit;
        switch (category.Origin)
        {
            case ClickOrigin.Signal:
                bobBit = bobBasis == aliceBasis ? Misaligned(aliceBit, misalignment, random) : randomBit;
                break;
            case ClickOrigin.InterceptResendSignal:
            case ClickOrigin.InterceptResendDark:
                photonNumber = RandomVariates.FromCumulative(random, model.PhotonNumberCumulative);
                // Eve learns Alice's bit only if her basis was right and her pulse held a photon; otherwise she guesses.
                eveKnows = photonNumber >= 1 && eveBasis == aliceBasis;
                var eveBit = eveKnows ? aliceBit : eveGuess;
                bobBit = category.Origin == ClickOrigin.InterceptResendDark || bobBasis != eveBasis
                    ? randomBit
                    : Misaligned(eveBit, misalignment, random);
                break;
            default:
                bobBit = randomBit;
                break;
        }

        events.Classes[i] = intensityClass;
        events.AliceBits[i] = aliceBit;
        events.AliceBases[i] = aliceBasis;
        events.BobBits[i] = bobBit;
        events.BobBases[i] = bobBasis;
        events.PhotonNumbers[i] = (byte)Math.Min(photonNumber, byte.MaxValue);
        events.EveKnowsBit[i] = eveKnows ? (byte)1 : (byte)0;
    }

    private static byte Misaligned(byte bit, double misalignment, DeterministicRandom random) =>
        random.NextDouble() < misalignment ? (byte)(bit ^ 1) : bit;
}
