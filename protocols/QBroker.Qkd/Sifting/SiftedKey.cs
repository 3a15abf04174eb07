using System.Numerics;
using QBroker.Qkd.Bits;

namespace QBroker.Qkd.Sifting;

/// <summary>
/// The outcome of basis reconciliation: the bits both parties keep from the signal state (the raw key) and, per
/// intensity class, how many clicks there were, how many survived sifting, and Alice's and Bob's sifted bits. The
/// bits are kept packed (what sampling, the decoy announcements and error counts work on); their one-bit-a-byte
/// form is made on first use.
/// </summary>
public sealed class SiftedKey
{
    private readonly ulong[][] _aliceWords;
    private readonly ulong[][] _bobWords;
    private readonly int[] _siftedCounts;
    private byte[][]? _aliceBytes;
    private byte[][]? _bobBytes;

    internal SiftedKey(
        long[] clicksPerClass,
        int[] siftedCounts,
        ulong[][] aliceWords,
        ulong[][] bobWords,
        byte[] signalEveKnows,
        byte[] signalPhotonNumbers,
        ulong[] basisMatches)
    {
        BasisMatches = basisMatches;
        ClicksPerClass = clicksPerClass;
        _siftedCounts = siftedCounts;
        _aliceWords = aliceWords;
        _bobWords = bobWords;
        SignalEveKnowsBit = signalEveKnows;
        SignalPhotonNumbers = signalPhotonNumbers;
    }

    public IReadOnlyList<long> ClicksPerClass { get; }

    /// <summary>Alice's sifted bits of each class, one bit a byte.</summary>
    public IReadOnlyList<byte[]> AliceBitsPerClass => _aliceBytes ??= Unpack(_aliceWords);

    public IReadOnlyList<byte[]> BobBitsPerClass => _bobBytes ??= Unpack(_bobWords);

    /// <summary>Ground truth for the signal-class sifted bits: 1 where Eve knows the bit.</summary>
    public byte[] SignalEveKnowsBit { get; }

    /// <summary>Ground truth for the signal-class sifted bits: photons in Alice's pulse.</summary>
    public byte[] SignalPhotonNumbers { get; }

    /// <summary>Alice's answer to Bob's bases, packed: bit i is 1 where her basis matched his at click i.</summary>
    public ulong[] BasisMatches { get; }

    public int SiftedCount(int intensityClass) => _siftedCounts[intensityClass];

    /// <summary>Alice's sifted bits of a class, packed (bits past <see cref="SiftedCount"/> are zero).</summary>
    internal ulong[] AliceWords(int intensityClass) => _aliceWords[intensityClass];

    internal ulong[] BobWords(int intensityClass) => _bobWords[intensityClass];

    /// <summary>Errors between the sifted bits of one class; for decoy classes this is what the parties disclose.</summary>
    public long Errors(int intensityClass)
    {
        var alice = _aliceWords[intensityClass];
        var bob = _bobWords[intensityClass];
        long errors = 0;
        for (var w = 0; w < alice.Length; w++)
        {
            errors += BitOperations.PopCount(alice[w] ^ bob[w]);
        }

        return errors;
    }

    private byte[][] Unpack(ulong[][] words)
    {
        var bytes = new byte[words.Length][];
        for (var c = 0; c < words.Length; c++)
        {
            bytes[c] = BitPacking.UnpackToBytes(words[c], _siftedCounts[c]);
        }

        return bytes;
    }
}
