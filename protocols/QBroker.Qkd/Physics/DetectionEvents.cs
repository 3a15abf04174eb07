namespace QBroker.Qkd.Physics;

/// <summary>
/// What the physical layer produced: how many pulses of each class Alice sent, and one record per click at Bob in
/// struct-of-arrays form (one byte a field). Pulses without a click carry nothing either party keeps, so they are
/// only counted. Photon numbers and what Eve knows are ground truth for the researcher; the protocol never reads them.
/// </summary>
public sealed class DetectionEvents
{
    internal DetectionEvents(long[] pulsesPerClass, int capacity)
    {
        // Every producer writes every entry up to the capacity, so the arrays skip being zeroed first.
        PulsesPerClass = pulsesPerClass;
        Classes = GC.AllocateUninitializedArray<byte>(capacity);
        AliceBits = GC.AllocateUninitializedArray<byte>(capacity);
        AliceBases = GC.AllocateUninitializedArray<byte>(capacity);
        BobBits = GC.AllocateUninitializedArray<byte>(capacity);
        BobBases = GC.AllocateUninitializedArray<byte>(capacity);
        PhotonNumbers = GC.AllocateUninitializedArray<byte>(capacity);
        EveKnowsBit = GC.AllocateUninitializedArray<byte>(capacity);
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
