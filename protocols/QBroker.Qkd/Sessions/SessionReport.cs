using QBroker.Qkd.Estimation;
using QBroker.Qkd.Links;

namespace QBroker.Qkd.Sessions;

/// <summary>
/// Everything one session did, stage by stage. Fields under "ground truth" are known only to the simulator (the
/// parties never see them) and let a researcher check the estimates.
/// </summary>
public sealed record SessionReport
{
    public required ulong Seed { get; init; }

    public required QkdProtocol Protocol { get; init; }

    public required double LengthKm { get; init; }

    public required long Pulses { get; init; }

    /// <summary>Pulses, clicks and sifted bits per state: signal, decoy, vacuum.</summary>
    public required IReadOnlyList<long> PulsesPerClass { get; init; }

    public required IReadOnlyList<long> ClicksPerClass { get; init; }

    public required IReadOnlyList<long> SiftedPerClass { get; init; }

    public int SampleBits { get; init; }

    public int SampleErrors { get; init; }

    /// <summary>QBER measured on the disclosed sample.</summary>
    public double EstimatedQber { get; init; }

    /// <summary>Sampled QBER plus the finite-size deviation: the bound used for the phase error.</summary>
    public double QberUpperBound { get; init; }

    public DecoyBounds? Decoy { get; init; }

    /// <summary>BBM92: the CHSH value estimated from the test rounds.</summary>
    public ChshEstimate? Chsh { get; init; }

    public ErrorCorrectionReport? ErrorCorrection { get; init; }

    /// <summary>Bits of information leaked by reconciliation: Cascade parities plus verification tags.</summary>
    public long LeakedBits { get; init; }

    /// <summary>The secret-key length bound before rounding (may be negative).</summary>
    public double KeyLengthBound { get; init; }

    /// <summary>Output of Toeplitz hashing: the secret key before the authentication pools are repaid.</summary>
    public long PrivacyAmplifiedBits { get; init; }

    public int AuthenticationTags { get; init; }

    public long AuthenticationBitsConsumed { get; init; }

    public long AuthenticationBitsReplenished { get; init; }

    /// <summary>Key released to the applications.</summary>
    public long FinalKeyBits { get; init; }

    public bool Aborted => AbortReason != AbortReason.None;

    public AbortReason AbortReason { get; init; }

    public double SecurityEpsilon { get; init; }

    public double CorrectnessEpsilon { get; init; }

    public double ClockRateHz { get; init; }

    /// <summary>Final key bits per pulse sent.</summary>
    public double KeyRatePerPulse => Pulses > 0 ? (double)FinalKeyBits / Pulses : 0;

    public double KeyRateBitsPerSecond => KeyRatePerPulse * ClockRateHz;

    /// <summary>Ground truth: the QBER of the key bits that entered error correction.</summary>
    public double ActualQber { get; init; }

    /// <summary>Ground truth: bits of the reconciled key that Eve knows exactly.</summary>
    public long EveKnownBits { get; init; }

    /// <summary>Ground truth: sifted signal bits from single-photon pulses.</summary>
    public long SinglePhotonSiftedBits { get; init; }
}
