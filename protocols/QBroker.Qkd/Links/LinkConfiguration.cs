namespace QBroker.Qkd.Links;

/// <summary>
/// One QKD link: fibre, source, detector, protocol, post-processing and an optional eavesdropper. Defaults are the
/// Gobby-Yuan-Shields experiment (APL 84, 3762 (2004)) as parametrised by Ma, Qi, Zhao and Lo, PRA 72, 012326 (2005),
/// Table I: alpha 0.21 dB/km, e_det 3.3 %, Y0 1.7e-6, eta_Bob 4.5 %.
/// </summary>
public sealed record LinkConfiguration
{
    public double LengthKm { get; init; } = 25;

    public double LossDbPerKm { get; init; } = 0.21;

    public SourceSettings Source { get; init; } = new();

    /// <summary>Pulses per second; only used to turn per-pulse rates into bits per second.</summary>
    public double ClockRateHz { get; init; } = 1e9;

    /// <summary>Bob's overall detection efficiency eta_Bob (optics and detector).</summary>
    public double DetectorEfficiency { get; init; } = 0.045;

    /// <summary>Background yield Y0: probability of a click per pulse with no photon arriving.</summary>
    public double DarkCountProbability { get; init; } = 1.7e-6;

    /// <summary>Misalignment e_det: probability that an arriving photon hits the wrong detector.</summary>
    public double Misalignment { get; init; } = 0.033;

    public QkdProtocol Protocol { get; init; } = QkdProtocol.DecoyStateBb84;

    public PostProcessingSettings PostProcessing { get; init; } = new();

    public EavesdropperSettings? Eavesdropper { get; init; }

    /// <summary>The pair source of <see cref="QkdProtocol.Bbm92"/>; the other protocols use <see cref="Source"/>.</summary>
    public EntangledSourceSettings EntangledSource { get; init; } = new();

    /// <summary>The GYS link at the given length, decoy-state protocol.</summary>
    public static LinkConfiguration GobbyYuanShields(double lengthKm) => new() { LengthKm = lengthKm };

    /// <summary>Fibre from the pair source to Alice (BBM92).</summary>
    public double AliceArmKm => EntangledSource.AliceArmKm ?? (LengthKm / 2);

    /// <summary>Fibre from the pair source to Bob (BBM92).</summary>
    public double BobArmKm => LengthKm - AliceArmKm;

    /// <summary>Fibre transmittance 10^(-alpha L / 10).</summary>
    public double ChannelTransmittance => Math.Pow(10, -LossDbPerKm * LengthKm / 10);

    /// <summary>eta = eta_Bob * fibre transmittance: the probability that one emitted photon is detected.</summary>
    public double OverallTransmittance => ChannelTransmittance * DetectorEfficiency;

    /// <summary>Every reason this configuration cannot be simulated; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Require(bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(problem);
            }
        }

        Require(LengthKm >= 0, "The fibre length must not be negative.");
        Require(LossDbPerKm >= 0, "The fibre loss must not be negative.");
        Require(ClockRateHz > 0, "The clock rate must be positive.");
        Require(DetectorEfficiency is > 0 and <= 1, "The detector efficiency must lie in (0, 1].");
        Require(DarkCountProbability is >= 0 and < 1, "The dark-count probability must lie in [0, 1).");
        Require(Misalignment is >= 0 and <= 0.5, "The misalignment must lie in [0, 0.5].");
        if (Protocol == QkdProtocol.Bbm92)
        {
            var pairs = EntangledSource;
            Require(pairs.MeanPairsPerPulse > 0, "The mean number of pairs per pulse must be positive.");
            Require(pairs.AliceArmKm is null || (pairs.AliceArmKm >= 0 && pairs.AliceArmKm <= LengthKm), "Alice's arm must lie within the link.");
            Require(pairs.AliceDetectorEfficiency is null or (> 0 and <= 1), "Alice's detector efficiency must lie in (0, 1].");
            Require(pairs.TestProbability is >= 0 and < 1, "The CHSH test probability must lie in [0, 1).");
            Require(Eavesdropper is null || Eavesdropper.Kind == EavesdropperKind.InterceptResend, "BBM92 supports intercept-resend only: a pair source has no multi-photon pulses to split.");
            ValidatePostProcessing(Require);
            return problems;
        }

        var source = Source;
        Require(source.SignalIntensity > 0, "The signal intensity must be positive.");
        Require(source.SignalProbability > 0, "The signal must be sent with positive probability.");
        Require(source.DecoyProbability >= 0 && source.VacuumProbability >= 0, "State probabilities must not be negative.");
        Require(
            Math.Abs(source.SignalProbability + source.DecoyProbability + source.VacuumProbability - 1) < 1e-9,
            "The signal, decoy and vacuum probabilities must sum to 1.");
        if (Protocol == QkdProtocol.DecoyStateBb84)
        {
            Require(source.Kind == SourceKind.WeakCoherent, "Decoy-state BB84 needs a weak coherent source.");
            Require(
                source.DecoyIntensity > 0 && source.DecoyIntensity < source.SignalIntensity,
                "The decoy intensity must lie strictly between 0 and the signal intensity.");
            Require(
                source.DecoyProbability > 0 && source.VacuumProbability > 0,
                "Decoy-state BB84 must send both the weak decoy and the vacuum.");
        }
        else
        {
            Require(source.SignalProbability == 1, "Protocols without decoys send only the signal state.");
        }

        if (Protocol == QkdProtocol.Bb84Gllp)
        {
            Require(source.Kind == SourceKind.WeakCoherent, "GLLP applies to weak coherent pulses.");
        }

        ValidatePostProcessing(Require);
        return problems;
    }

    private void ValidatePostProcessing(Action<bool, string> require)
    {
        var post = PostProcessing;
        require(post.SampleFraction is > 0 and < 1, "The sample fraction must lie in (0, 1).");
        require(post.FrameBits >= 256, "Cascade frames must hold at least 256 bits.");
        require(post.SecurityEpsilon is > 0 and < 1, "The security parameter must lie in (0, 1).");
        require(post.QberAbortThreshold is > 0 and < 0.5, "The QBER threshold must lie in (0, 0.5).");
        if (Eavesdropper is { } eve)
        {
            require(eve.Fraction is >= 0 and <= 1, "The eavesdropping fraction must lie in [0, 1].");
        }
    }
}
