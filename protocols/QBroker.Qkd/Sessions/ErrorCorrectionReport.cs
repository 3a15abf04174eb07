using QBroker.Qkd.Reconciliation;

namespace QBroker.Qkd.Sessions;

/// <summary>Cascade and verification over all frames of a session.</summary>
public sealed record ErrorCorrectionReport(
    CascadeVariant Variant,
    int Frames,
    long InputBits,
    long ErrorsBefore,
    long DisclosedBits,
    long ChannelUses,
    int FramesWithResidualErrors,
    int FramesDiscarded,
    long VerifiedBits)
{
    /// <summary>f = disclosed parities / (n H2(QBER)), with the QBER the bits really had.</summary>
    public double Efficiency
    {
        get
        {
            var shannon = InputBits * Theory.BinaryEntropy.H2(InputBits > 0 ? (double)ErrorsBefore / InputBits : 0);
            return shannon > 0 ? DisclosedBits / shannon : 0;
        }
    }
}
