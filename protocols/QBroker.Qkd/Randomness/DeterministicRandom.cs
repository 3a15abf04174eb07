namespace QBroker.Qkd.Randomness;

/// <summary>
/// Seeded pseudo-random generator for the simulator: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom
/// number generators", ACM TOMS 2021), seeded through SplitMix64 as its authors recommend. It is not cryptographic;
/// it exists so that every session is reproducible from one 64-bit seed and fast enough for the physical layer.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public DeterministicRandom(ulong seed)
    {
        var mix = seed;
        _s0 = SplitMix64(ref mix);
        _s1 = SplitMix64(ref mix);
        _s2 = SplitMix64(ref mix);
        _s3 = SplitMix64(ref mix);
    }

    /// <summary>A generator for an independent stream, so that sub-steps do not shift each other's draws.</summary>
    public DeterministicRandom Fork(ulong streamLabel) => new(NextUInt64() ^ (streamLabel * 0x9E3779B97F4A7C15UL));

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on (0, 1]: safe to take the logarithm of.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    public int NextBit() => (int)(NextUInt64() >> 63);

    /// <summary>Uniform integer in [0, bound) by Lemire's multiply-shift with rejection (no modulo bias).</summary>
    public long NextInt64(long bound)
    {
        if (bound <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bound), "The bound must be positive.");
        }

        var range = (ulong)bound;
        var threshold = (0 - range) % range;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), range, out var low);
            if (low >= threshold)
            {
                return (long)product;
            }
        }
    }

    public int NextInt32(int bound) => (int)NextInt64(bound);

    public void NextBytes(Span<byte> destination)
    {
        var i = 0;
        for (; i + 8 <= destination.Length; i += 8)
        {
            BitConverter.TryWriteBytes(destination[i..], NextUInt64());
        }

        if (i < destination.Length)
        {
            Span<byte> tail = stackalloc byte[8];
            BitConverter.TryWriteBytes(tail, NextUInt64());
            tail[..(destination.Length - i)].CopyTo(destination[i..]);
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong value, int count) => (value << count) | (value >> (64 - count));
}
