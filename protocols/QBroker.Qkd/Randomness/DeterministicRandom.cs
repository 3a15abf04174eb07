namespace QBroker.Qkd.Randomness;

/// <summary>
/// Seeded pseudo-random generator for the simulator: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom
/// number generators", ACM TOMS 2021), seeded through SplitMix64 as its authors recommend. It is not cryptographic;
/// it exists so that every session is reproducible from one 64-bit seed and fast enough for the physical layer.
/// </summary>
public sealed class DeterministicRandom
{
    private Xoshiro256StarStar _generator;

    public DeterministicRandom(ulong seed)
    {
        var mix = seed;
        _generator = new Xoshiro256StarStar(SplitMix64(ref mix), SplitMix64(ref mix), SplitMix64(ref mix), SplitMix64(ref mix));
    }

    /// <summary>The generator's state, for a hot loop to draw from a local copy and store back when done.</summary>
    internal Xoshiro256StarStar Generator
    {
        get => _generator;
        set => _generator = value;
    }

    /// <summary>A generator for an independent stream, so that sub-steps do not shift each other's draws.</summary>
    public DeterministicRandom Fork(ulong streamLabel) => new(NextUInt64() ^ (streamLabel * 0x9E3779B97F4A7C15UL));

    public ulong NextUInt64() => _generator.Next();

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// The integer form of <c>NextDouble() &lt; probability</c>: for the same draw w it holds exactly when
    /// <c>w &gt;&gt; 11</c> is below the returned threshold (w's 53 bits scaled by 2^-53 are exact, so the
    /// comparison moves to integers without rounding). Lets a hot loop compare words instead of converting each.
    /// </summary>
    /// <param name="probability">The probability to compare with.</param>
    /// <param name="precisionBits">How many top bits of a draw are compared (53 for the double's; fewer where one draw
    /// serves several outcomes): the threshold is ceil(p 2^bits), clamped to [0, 2^bits].</param>
    public static ulong UniformThreshold(double probability, int precisionBits = 53) => probability switch
    {
        >= 1 => 1UL << precisionBits,
        > 0 => (ulong)Math.Ceiling(probability * (1UL << precisionBits)),
        _ => 0, // also NaN, which no draw is below
    };

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

        // Lemire's "nearly divisionless" form: the rejection threshold (a division) is needed only when the low half
        // falls below the range, which is rare; draws and results are those of always computing it.
        var range = (ulong)bound;
        var product = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0 - range) % range;
            while (low < threshold)
            {
                product = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (long)product;
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
}
