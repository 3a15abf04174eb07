using QBroker.Qkd.Reconciliation;

namespace QBroker.Qkd.Links;

/// <summary>Classical post-processing: sampling, error correction, security parameters, authentication.</summary>
public sealed record PostProcessingSettings
{
    /// <summary>Fraction of the sifted signal bits disclosed to estimate the QBER.</summary>
    public double SampleFraction { get; init; } = 0.1;

    /// <summary>The Cascade variant; the default is the one that meets f &lt;= 1.10 and FER &lt;= 1e-3 from 1 % to 10 % QBER.</summary>
    public CascadeVariant Cascade { get; init; } = CascadeVariant.PowerOfTwoBlocks;

    /// <summary>Cascade frame size in bits; the published Cascade figures are for 10,000-bit frames.</summary>
    public int FrameBits { get; init; } = 10_000;

    /// <summary>Secrecy parameter epsilon_sec of the finite-key bounds; also sets the decoy-bound confidence.</summary>
    public double SecurityEpsilon { get; init; } = 1e-10;

    /// <summary>The session aborts when the sampled QBER exceeds this (11 % is where 1 - 2 H2(e) reaches 0).</summary>
    public double QberAbortThreshold { get; init; } = 0.11;

    /// <summary>Bits of each Wegman-Carter tag (and of each one-time pad that encrypts one).</summary>
    public int AuthenticationTagBits => 64;

    /// <summary>Bits of the per-frame verification hash after error correction.</summary>
    public int VerificationTagBits => 64;
}
