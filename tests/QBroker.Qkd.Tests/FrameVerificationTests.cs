using QBroker.Qkd.Links;
using QBroker.Qkd.Sessions;

namespace QBroker.Qkd.Tests;

/// <summary>
/// The verification hash after Cascade, seen from the session: a frame left with an error is discarded, none of its
/// bits reach the key, and the key-length bound loses exactly the discarded bits.
/// </summary>
public sealed class FrameVerificationTests
{
    // 10^8 pulses on the 25 km GYS link give about 230,000 key bits in frames of about 10,000: enough that the key
    // survives losing one frame.
    private const long Pulses = 100_000_000;
    private const ulong Seed = 31;
    private const int DamagedFrame = 1;

    private static readonly LinkConfiguration Decoy25 = LinkConfiguration.GobbyYuanShields(25);

    [Fact]
    public void A_frame_left_with_a_residual_error_is_discarded_and_none_of_its_bits_reach_the_key()
    {
        var honest = new QkdSession(Decoy25).Run(Seed, Pulses);
        var damaged = new QkdSession(Decoy25) { AfterCascade = LeaveOneErrorInDamagedFrame }.Run(Seed, Pulses);
        // Same error left behind, but every bit of the frame inverted on both sides: if any bit of that frame went
        // into privacy amplification the (linear) Toeplitz hash would give a different key.
        var inverted = new QkdSession(Decoy25)
        {
            AfterCascade = (frame, alice, bob) =>
            {
                if (frame == DamagedFrame)
                {
                    Invert(alice);
                    Invert(bob);
                    bob[0] ^= 1;
                }
            },
        }.Run(Seed, Pulses);

        var honestCorrection = honest.Report.ErrorCorrection!;
        var correction = damaged.Report.ErrorCorrection!;
        Assert.False(honest.Report.Aborted, honest.Report.AbortReason.ToString());
        Assert.Equal(0, honestCorrection.FramesDiscarded);
        Assert.False(damaged.Report.Aborted, damaged.Report.AbortReason.ToString());
        Assert.Equal(1, correction.FramesWithResidualErrors);
        Assert.Equal(1, correction.FramesDiscarded);
        Assert.Equal(honestCorrection.VerifiedBits - FrameLength(correction, DamagedFrame), correction.VerifiedBits);

        Assert.NotEmpty(damaged.AliceKey);
        Assert.Equal(damaged.AliceKey, damaged.BobKey);
        Assert.Equal(damaged.AliceKey, inverted.AliceKey);
        Assert.Equal(inverted.AliceKey, inverted.BobKey);
        Assert.NotEqual(honest.AliceKey, damaged.AliceKey);
    }

    [Fact]
    public void A_discarded_frame_costs_the_bound_its_bits_and_leaves_the_epsilon_terms_whole()
    {
        var honest = new QkdSession(Decoy25).Run(Seed, Pulses).Report;
        var damaged = new QkdSession(Decoy25) { AfterCascade = LeaveOneErrorInDamagedFrame }.Run(Seed, Pulses).Report;
        Assert.False(damaged.Aborted, damaged.AbortReason.ToString());
        // The leak and the correctness parameter do not change (the error is left after Cascade), so the bounds differ
        // by the discarded bits alone. Scaling the whole bound by the kept share, as before, would have taken only
        // about a seventh of that (the bound is about a seventh of the key bits here) and shrunk the epsilon terms too.
        Assert.Equal(honest.LeakedBits, damaged.LeakedBits);
        Assert.Equal(honest.CorrectnessEpsilon, damaged.CorrectnessEpsilon);
        var discarded = FrameLength(damaged.ErrorCorrection!, DamagedFrame);
        Assert.Equal(honest.KeyLengthBound - discarded, damaged.KeyLengthBound, 6);
        Assert.True(damaged.PrivacyAmplifiedBits < honest.PrivacyAmplifiedBits);
    }

    private static void LeaveOneErrorInDamagedFrame(int frame, Span<byte> alice, Span<byte> bob)
    {
        if (frame == DamagedFrame)
        {
            bob[0] ^= 1;
        }
    }

    private static void Invert(Span<byte> bits)
    {
        foreach (ref var bit in bits)
        {
            bit ^= 1;
        }
    }

    /// <summary>Frames of near-equal size cover the key exactly, as the session cuts them.</summary>
    private static long FrameLength(ErrorCorrectionReport correction, int frame) =>
        (correction.InputBits * (frame + 1) / correction.Frames) - (correction.InputBits * frame / correction.Frames);
}
