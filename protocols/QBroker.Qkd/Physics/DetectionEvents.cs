using System.Buffers;

namespace QBroker.Qkd.Physics;

/// <summary>
/// What the physical layer produced: how many pulses of each class Alice sent, and one record per click at Bob in
/// struct-of-arrays form (one byte a field). Pulses without a click carry nothing either party keeps, so they are
/// only counted. Photon numbers and what Eve knows are ground truth for the researcher; the protocol never reads them.
/// </summary>
public sealed class DetectionEvents
{
    private readonly bool _pooled;

    internal DetectionEvents(long[] pulsesPerClass, int capacity, bool pooled = false)
    {
        // Every producer writes every entry up to the capacity, so the arrays skip being zeroed first. Pooled arrays
        // may be longer than the capacity; only the first Count entries mean anything.
        PulsesPerClass = pulsesPerClass;
        _pooled = pooled;
        Classes = Allocate(capacity, pooled);
        AliceBits = Allocate(capacity, pooled);
        AliceBases = Allocate(capacity, pooled);
        BobBits = Allocate(capacity, pooled);
        BobBases = Allocate(capacity, pooled);
        PhotonNumbers = Allocate(capacity, pooled);
        EveKnowsBit = Allocate(capacity, pooled);
    }

    /// <summary>Pulses sent per <see cref="IntensityClass"/>.</summary>
    public IReadOnlyList<long> PulsesPerClass { get; }

    public long TotalPulses => PulsesPerClass.Sum();

    public int Count { get; internal set; }

    public byte[] Classes { get; }

    public byte[] AliceBits { get; }

    /// <summary>0 = rectilinear (Z), 1 = diagonal (X).</summary>
    public byte[] AliceBases { get; }

    public byte[] BobBits { get; }

    /// <summary>As <see cref="AliceBases"/>; with BBM92 also 2 and 3, the CHSH test angles (+22.5 and -22.5 degrees).</summary>
    public byte[] BobBases { get; }

    /// <summary>Photons Alice's pulse held; with BBM92, 1 where one pair alone made the coincidence, else 0.</summary>
    public byte[] PhotonNumbers { get; }

    /// <summary>1 where Eve holds Alice's bit once bases are announced.</summary>
    public byte[] EveKnowsBit { get; }

    /// <summary>
    /// Hands pooled arrays back for the next block (a block's seven per-click arrays are megabytes each, and fresh
    /// ones every block cost page faults and collections). The events must not be read afterwards.
    /// </summary>
    internal void ReturnArrays()
    {
        if (!_pooled)
        {
            return;
        }

        foreach (var array in (byte[][])[Classes, AliceBits, AliceBases, BobBits, BobBases, PhotonNumbers, EveKnowsBit])
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private static byte[] Allocate(int capacity, bool pooled) =>
        pooled ? ArrayPool<byte>.Shared.Rent(capacity) : GC.AllocateUninitializedArray<byte>(capacity);

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
