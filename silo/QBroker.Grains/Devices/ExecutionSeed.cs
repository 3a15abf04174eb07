namespace QBroker.Grains.Devices;

/// <summary>
/// The simulator seed of one execution attempt: fixed by the job id and attempt number, so a job's counts are
/// reproducible, and a retry does not replay the exact noise of the attempt that failed.
/// </summary>
public static class ExecutionSeed
{
    public static ulong For(Guid jobId, int attempt)
    {
        Span<byte> bytes = stackalloc byte[16];
        jobId.TryWriteBytes(bytes);
        var low = BitConverter.ToUInt64(bytes[..8]);
        var high = BitConverter.ToUInt64(bytes[8..]);
        // SplitMix64 finaliser (Steele, Lea, Flood 2014) spreads nearby attempts over the whole seed space.
        var z = low ^ (high * 0x9E3779B97F4A7C15UL) ^ ((ulong)attempt * 0xBF58476D1CE4E5B9UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
