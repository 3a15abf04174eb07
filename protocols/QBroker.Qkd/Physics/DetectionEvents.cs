using System.Buffers;
using QBroker.Qkd.Bits;

namespace QBroker.Qkd.Physics;

/// <summary>
/// What the physical layer produced: how many pulses of each class Alice sent, and one record per click at Bob in
/// struct-of-arrays form. Pulses without a click carry nothing either party keeps, so they are only counted. Photon
/// numbers and what Eve knows are ground truth for the researcher; the protocol never reads them.
/// The four one-bit fields (both parties' bits and bases) come either one per byte or, from the BB84 layer, packed 64
/// clicks a word (<see cref="PackedBits"/>), which is what sifting and the classical messages work on; the byte form of
/// packed fields is made on first use.
/// </summary>
public sealed class DetectionEvents
{
    private readonly bool _pooled;
    private readonly List<byte[]> _rented = [];
    private byte[]? _classes;
    private byte[]? _aliceBits;
    private byte[]? _aliceBases;
    private byte[]? _bobBits;
    private byte[]? _bobBases;

    /// <param name="packedBits">Whether the producer writes the one-bit fields packed (<see cref="PackedBits"/>).</param>
    /// <param name="classRuns">
    /// Whether the producer writes the clicks class by class and says where each class starts
    /// (<see cref="ClassStarts"/>) instead of writing a class per click.
    /// </param>
    internal DetectionEvents(long[] pulsesPerClass, int capacity, bool pooled = false, bool packedBits = false, bool classRuns = false)
    {
        // Every producer writes every entry up to the capacity, so the arrays skip being zeroed first. Pooled arrays
        // may be longer than the capacity; only the first Count entries mean anything.
        PulsesPerClass = pulsesPerClass;
        _pooled = pooled;
        PhotonNumbers = Allocate(capacity);
        EveKnowsBit = Allocate(capacity);
        _classes = classRuns ? null : Allocate(capacity);
        if (packedBits)
        {
            PackedBits = new PackedClickBits(capacity, pooled);
        }
        else
        {
            _aliceBits = Allocate(capacity);
            _aliceBases = Allocate(capacity);
            _bobBits = Allocate(capacity);
            _bobBases = Allocate(capacity);
        }
    }

    /// <summary>Pulses sent per <see cref="IntensityClass"/>.</summary>
    public IReadOnlyList<long> PulsesPerClass { get; }

    public long TotalPulses => PulsesPerClass.Sum();

    public int Count { get; internal set; }

    /// <summary>The <see cref="IntensityClass"/> of each click.</summary>
    public byte[] Classes => _classes ??= ClassesFromRuns();

    /// <summary>
    /// Where the producer wrote clicks class by class: the clicks of class c are [ClassStarts[c], ClassStarts[c + 1]).
    /// Null where each click carries its class.
    /// </summary>
    internal int[]? ClassStarts { get; set; }

    public byte[] AliceBits => _aliceBits ??= BitPacking.UnpackToBytes(PackedBits!.AliceBits, Count);

    /// <summary>0 = rectilinear (Z), 1 = diagonal (X).</summary>
    public byte[] AliceBases => _aliceBases ??= BitPacking.UnpackToBytes(PackedBits!.AliceBases, Count);

    public byte[] BobBits => _bobBits ??= BitPacking.UnpackToBytes(PackedBits!.BobBits, Count);

    /// <summary>As <see cref="AliceBases"/>; with BBM92 also 2 and 3, the CHSH test angles (+22.5 and -22.5 degrees).</summary>
    public byte[] BobBases => _bobBases ??= BitPacking.UnpackToBytes(PackedBits!.BobBases, Count);

    /// <summary>Photons Alice's pulse held; with BBM92, 1 where one pair alone made the coincidence, else 0.</summary>
    public byte[] PhotonNumbers { get; }

    /// <summary>1 where Eve holds Alice's bit once bases are announced.</summary>
    public byte[] EveKnowsBit { get; }

    /// <summary>The one-bit fields packed, where the producer wrote them so (BB84); null where they are bytes.</summary>
    internal PackedClickBits? PackedBits { get; }

    /// <summary>
    /// Hands pooled arrays back for the next block (a block's per-click arrays are megabytes each, and fresh ones
    /// every block cost page faults and collections). The events must not be read afterwards.
    /// </summary>
    internal void ReturnArrays()
    {
        foreach (var array in _rented)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _rented.Clear();
        PackedBits?.ReturnArrays();
    }

    private byte[] Allocate(int capacity)
    {
        if (!_pooled)
        {
            return GC.AllocateUninitializedArray<byte>(capacity);
        }

        var array = ArrayPool<byte>.Shared.Rent(capacity);
        _rented.Add(array);
        return array;
    }

    private byte[] ClassesFromRuns()
    {
        var classes = new byte[Count];
        for (var c = 0; c + 1 < ClassStarts!.Length; c++)
        {
            classes.AsSpan(ClassStarts[c], ClassStarts[c + 1] - ClassStarts[c]).Fill((byte)c);
        }

        return classes;
    }

    public long ClicksOfClass(IntensityClass intensityClass)
    {
        long count = 0;
        var target = (byte)intensityClass;
        for (var i = 0; i < Count; i++)
        {
            if (Classes[i] == target)
            {
                count++;
            }
        }

        return count;
    }
}
