using QBroker.Qkd.Links;
using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Physics;

/// <summary>
/// The quantum part of a BBM92 session: pairs from the source to both sites, as coincidences. Like
/// <see cref="PhysicalLayer"/> it draws how many clock cycles gave a coincidence (binomial with the probability of
/// <see cref="EntangledPairModel"/>) and simulates only those. Alice measures at 0 or 45 degrees (bases 0 and 1);
/// Bob at the same two key angles or, with the test probability, at +22.5 or -22.5 degrees (settings 2 and 3, the
/// CHSH angles). A correlated coincidence of (|HH> + |VV>)/sqrt(2) gives outcomes whose correlation is
/// V cos 2(a - b); an intercept-resend eavesdropper on Bob's arm measures Bob's photon at 0 or 45 degrees, which
/// leaves Alice's photon in the state she found and sends Bob a copy, so the correlation becomes
/// cos 2(a - e) V cos 2(b - e): 25 % errors in matching bases and a CHSH value of sqrt(2) V at full interception.
/// </summary>
public static class EntangledPhysicalLayer
{
    /// <summary>Bob's settings 2 and 3: the CHSH test angles.</summary>
    public const byte FirstTestSetting = 2;

    public static DetectionEvents Simulate(LinkConfiguration link, long pulses, DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pulses);
        var model = EntangledPairModel.FromLink(link);
        var coincidences = RandomVariates.Binomial(random, pulses, model.CoincidenceProbability);
        if (coincidences > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(pulses), "Too many coincidences for one block; use fewer pulses.");
        }

        var correlatedGivenCoincidence = model.CoincidenceProbability > 0 ? model.CorrelatedProbability / model.CoincidenceProbability : 0;
        var attacked = link.Eavesdropper?.Fraction ?? 0;
        var testProbability = link.EntangledSource.TestProbability;
        // Agreement probabilities (1 + correlation) / 2 for every pair of settings, computed once per block.
        var honestAgreement = AgreementTable(model.Visibility, 2, 4);
        var aliceWithEve = AgreementTable(1, 2, 2);
        var bobWithEve = AgreementTable(model.Visibility, 4, 2);
        var events = new DetectionEvents([pulses, 0, 0], (int)coincidences);
        for (var i = 0; i < coincidences; i++)
        {
            var aliceBasis = (byte)random.NextBit();
            var bobSetting = random.NextDouble() < testProbability
                ? (byte)(FirstTestSetting + random.NextBit())
                : (byte)random.NextBit();
            var correlated = random.NextDouble() < correlatedGivenCoincidence;
            byte aliceBit;
            byte bobBit;
            var eveKnows = false;
            if (!correlated)
            {
                aliceBit = (byte)random.NextBit();
                bobBit = (byte)random.NextBit();
            }
            else if (random.NextDouble() < attacked)
            {
                var eveBasis = (byte)random.NextBit();
                var eveBit = (byte)random.NextBit();
                aliceBit = random.NextDouble() < aliceWithEve[aliceBasis, eveBasis] ? eveBit : (byte)(eveBit ^ 1);
                bobBit = random.NextDouble() < bobWithEve[bobSetting, eveBasis] ? eveBit : (byte)(eveBit ^ 1);
                eveKnows = eveBasis == aliceBasis;
            }
            else
            {
                aliceBit = (byte)random.NextBit();
                bobBit = random.NextDouble() < honestAgreement[aliceBasis, bobSetting] ? aliceBit : (byte)(aliceBit ^ 1);
            }

            events.Classes[i] = (byte)IntensityClass.Signal;
            events.AliceBits[i] = aliceBit;
            events.AliceBases[i] = aliceBasis;
            events.BobBits[i] = bobBit;
            events.BobBases[i] = bobSetting;
            events.PhotonNumbers[i] = correlated ? (byte)1 : (byte)0;
            events.EveKnowsBit[i] = eveKnows ? (byte)1 : (byte)0;
        }

        events.Count = (int)coincidences;
        return events;
    }

    /// <summary>Measurement angle in radians of a basis or setting: 0, 45, +22.5 and -22.5 degrees.</summary>
    public static double Angle(byte setting) => setting switch
    {
        0 => 0,
        1 => Math.PI / 4,
        2 => Math.PI / 8,
        3 => -Math.PI / 8,
        _ => throw new ArgumentOutOfRangeException(nameof(setting)),
    };

    /// <summary>
    /// Two +-1 outcomes measured at angles a and b with correlation c = V cos 2(a - b) agree with probability
    /// (1 + c) / 2; the table holds that for settings 0 .. rows - 1 against 0 .. columns - 1.
    /// </summary>
    private static double[,] AgreementTable(double visibility, int rows, int columns)
    {
        var table = new double[rows, columns];
        for (var a = 0; a < rows; a++)
        {
            for (var b = 0; b < columns; b++)
            {
                table[a, b] = (1 + (visibility * Math.Cos(2 * (Angle((byte)a) - Angle((byte)b))))) / 2;
            }
        }

        return table;
    }
}
