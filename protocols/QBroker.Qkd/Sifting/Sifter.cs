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
        var clicks = new long[ClassCount];
        var sifted = new int[ClassCount];
        for (var i = 0; i < events.Count; i++)
        {
            var c = events.Classes[i];
            clicks[c]++;
            if (events.AliceBases[i] == events.BobBases[i])
            {
                sifted[c]++;
            }
        }

        var alice = new byte[ClassCount][];
        var bob = new byte[ClassCount][];
        for (var c = 0; c < ClassCount; c++)
        {
            alice[c] = new byte[sifted[c]];
            bob[c] = new byte[sifted[c]];
        }

        var eveKnows = new byte[sifted[0]];
        var photons = new byte[sifted[0]];
        var fill = new int[ClassCount];
        for (var i = 0; i < events.Count; i++)
        {
            if (events.AliceBases[i] != events.BobBases[i])
            {
                continue;
            }

            var c = events.Classes[i];
            var k = fill[c]++;
            alice[c][k] = events.AliceBits[i];
            bob[c][k] = events.BobBits[i];
            if (c == (byte)IntensityClass.Signal)
            {
                eveKnows[k] = events.EveKnowsBit[i];
                photons[k] = events.PhotonNumbers[i];
            }
        }

        return new SiftedKey(clicks, alice, bob, eveKnows, photons);
    }
}
