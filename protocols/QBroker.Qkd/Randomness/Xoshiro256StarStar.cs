using System.Numerics;

namespace QBroker.Qkd.Randomness;

/// <summary>
/// The state of xoshiro256** (Blackman and Vigna, ACM TOMS 2021) as a value: <see cref="DeterministicRandom"/> wraps
/// it, and a hot loop copies it into a local so that the four words stay in registers. <see cref="NextIf"/> lets a
/// loop consume a draw only on some iterations without a branch, which keeps the stream draw for draw what the
/// branching code would consume while avoiding a misprediction where the condition is a coin flip.
/// </summary>
internal struct Xoshiro256StarStar
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    public ulong Next()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>The next output; the generator advances past it only when <paramref name="consume"/> is true.</summary>
    public ulong NextIf(bool consume)
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        var s2 = _s2 ^ _s0;
        var s3 = _s3 ^ _s1;
        var s1 = _s1 ^ s2;
        var s0 = _s0 ^ s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        var keep = 0UL - (consume ? 1UL : 0UL);
        _s0 ^= (_s0 ^ s0) & keep;
        _s1 ^= (_s1 ^ s1) & keep;
        _s2 ^= (_s2 ^ s2) & keep;
        _s3 ^= (_s3 ^ s3) & keep;
        return result;
    }
}
