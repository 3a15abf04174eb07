using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Reconciliation;

/// <summary>
/// Reconciliation inputs as cascade-python's studies (and Martinez-Mateo et al.) make them: a random frame and a
/// copy with exactly round(Q n) errors at random positions, so the QBER a frame really has is the one asked for.
/// </summary>
public static class ErroredFrame
{
    public static (byte[] Alice, byte[] Bob) Create(DeterministicRandom random, int bits, double qber)
    {
        var alice = new byte[bits];
        for (var i = 0; i < bits; i++)
        {
            alice[i] = (byte)random.NextBit();
        }

        var bob = alice.ToArray();
        var positions = RandomVariates.Permutation(random, bits);
        for (var e = 0; e < (int)Math.Round(qber * bits); e++)
        {
            bob[positions[e]] ^= 1;
        }

        return (alice, bob);
    }
}
