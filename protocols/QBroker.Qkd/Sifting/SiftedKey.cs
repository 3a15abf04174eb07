namespace QBroker.Qkd.Sifting;

/// <summary>
/// The outcome of basis reconciliation: the bits both parties keep from the signal state (the raw key) and, per
/// intensity class, how many clicks there were, how many survived sifting, and Alice's and Bob's sifted bits.
/// </summary>
public sealed class SiftedKey
{
    internal SiftedKey(long[] clicksPerClass, byte[][] aliceBits, byte[][] bobBits, byte[] signalEveKnows, byte[] signalPhotonNumbers, ulong[] basisMatches)
    {
        BasisMatches = basisMatches;
        ClicksPerClass = clicksPerClass;
        AliceBitsPerClass = aliceBits;
        BobBitsPerClass = bobBits;
        SignalEveKnowsBit = signalEveKnows;
        SignalPhotonNumbers = signalPhotonNumbers;
    }

    public IReadOnlyList<long> ClicksPerClass { get; }

    /// <summary>Alice's sifted bits of each class, one bit a byte.</summary>
    public IReadOnlyList<byte[]> AliceBitsPerClass { get; }

    public IReadOnlyList<byte[]> BobBitsPerClass { get; }

    /// <summary>Ground truth for the signal-class sifted bits: 1 where Eve knows the bit.</summary>
    public byte[] SignalEveKnowsBit { get; }

    /// <summary>Ground truth for the signal-class sifted bits: photons in Alice's pulse.</summary>
    public byte[] SignalPhotonNumbers { get; }

    /// <summary>Alice's answer to Bob's bases, packed: bit i is 1 where her basis matched his at click i.</summary>
    public ulong[] BasisMatches { get; }

    public int SiftedCount(int intensityClass) => AliceBitsPerClass[intensityClass].Length;

    /// <summary>Errors between the sifted bits of one class; for decoy classes this is what the parties disclose.</summary>
    public long Errors(int intensityClass)
    {
        var alice = AliceBitsPerClass[intensityClass];
        var bob = BobBitsPerClass[intensityClass];
        long errors = 0;
        for (var i = 0; i < alice.Length; i++)
        {
            errors += alice[i] ^ bob[i];
        }

        return errors;
    }
}
