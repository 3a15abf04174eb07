using System.CommandLine;
using QBroker.Qkd.Links;
using QBroker.Qkd.Reconciliation;

namespace QBroker.Cli.Qkd;

/// <summary>
/// The link parameters shared by `qkd simulate` and `qkd sweep`; defaults are the Gobby-Yuan-Shields link with
/// decoy-state BB84 (SPEC.md section 6).
/// </summary>
internal sealed class QkdLinkOptions
{
    public Option<double> DistanceKm { get; } = new("--distance-km") { Description = "Fibre length in km", DefaultValueFactory = _ => 25 };

    public Option<string> Protocol { get; } = Choice("--protocol", "decoy", "Protocol: decoy (vacuum + weak decoy BB84), bb84, gllp, bbm92 (entangled pairs with a CHSH check)", "decoy", "bb84", "gllp", "bbm92");

    public Option<string> Source { get; } = Choice("--source", "wcp", "Source: wcp (weak coherent pulses) or single-photon", "wcp", "single-photon");

    public Option<double> Mu { get; } = new("--mu") { Description = "Signal mean photon number", DefaultValueFactory = _ => 0.48 };

    public Option<double> Nu { get; } = new("--nu") { Description = "Weak decoy mean photon number", DefaultValueFactory = _ => 0.1 };

    public Option<double> DecoyProbability { get; } = new("--decoy-probability") { Description = "Probability of sending the weak decoy", DefaultValueFactory = _ => 0.15 };

    public Option<double> VacuumProbability { get; } = new("--vacuum-probability") { Description = "Probability of sending the vacuum", DefaultValueFactory = _ => 0.05 };

    public Option<double> PairsPerPulse { get; } = new("--pairs-per-pulse") { Description = "BBM92: mean entangled pairs per clock cycle", DefaultValueFactory = _ => 0.1 };

    public Option<double> TestProbability { get; } = new("--test-probability") { Description = "BBM92: probability of a CHSH test setting at Bob", DefaultValueFactory = _ => 0.1 };

    public Option<double?> AliceArmKm { get; } = new("--alice-arm-km") { Description = "BBM92: fibre from the pair source to Alice (default: half the link)" };

    public Option<double> Loss { get; } = new("--loss-db-per-km") { Description = "Fibre loss in dB/km", DefaultValueFactory = _ => 0.21 };

    public Option<double> DetectorEfficiency { get; } = new("--detector-efficiency") { Description = "Bob's detection efficiency eta_Bob", DefaultValueFactory = _ => 0.045 };

    public Option<double> DarkCount { get; } = new("--dark-count") { Description = "Background yield Y0 per pulse", DefaultValueFactory = _ => 1.7e-6 };

    public Option<double> Misalignment { get; } = new("--misalignment") { Description = "Misalignment error e_det", DefaultValueFactory = _ => 0.033 };

    public Option<double> ClockRate { get; } = new("--clock-rate-hz") { Description = "Pulse rate in Hz", DefaultValueFactory = _ => 1e9 };

    public Option<string> Eve { get; } = Choice("--eve", "none", "Eavesdropper: none, intercept-resend, pns", "none", "intercept-resend", "pns");

    public Option<double> EveFraction { get; } = new("--eve-fraction") { Description = "Fraction of pulses Eve attacks", DefaultValueFactory = _ => 1.0 };

    public Option<string> Cascade { get; } = CascadeOption();

    public Option<double> SampleFraction { get; } = new("--sample-fraction") { Description = "Fraction of sifted bits sampled for the QBER", DefaultValueFactory = _ => 0.1 };

    public Option<double> Epsilon { get; } = new("--epsilon") { Description = "Security parameter epsilon_sec", DefaultValueFactory = _ => 1e-10 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
        {
            DistanceKm, Protocol, Source, Mu, Nu, DecoyProbability, VacuumProbability, PairsPerPulse, TestProbability, AliceArmKm, Loss, DetectorEfficiency, DarkCount,
            Misalignment, ClockRate, Eve, EveFraction, Cascade, SampleFraction, Epsilon,
        })
        {
            command.Options.Add(option);
        }
    }

    public LinkConfiguration Build(ParseResult parseResult)
    {
        var protocol = parseResult.GetValue(Protocol) switch
        {
            "bb84" => QkdProtocol.Bb84,
            "gllp" => QkdProtocol.Bb84Gllp,
            "bbm92" => QkdProtocol.Bbm92,
            _ => QkdProtocol.DecoyStateBb84,
        };
        var singlePhoton = parseResult.GetValue(Source) == "single-photon";
        var mu = parseResult.GetValue(Mu);
        var source = (protocol, singlePhoton) switch
        {
            (_, true) => SourceSettings.SinglePhoton,
            (QkdProtocol.DecoyStateBb84, false) => new SourceSettings
            {
                SignalIntensity = mu,
                DecoyIntensity = parseResult.GetValue(Nu),
                DecoyProbability = parseResult.GetValue(DecoyProbability),
                VacuumProbability = parseResult.GetValue(VacuumProbability),
                SignalProbability = 1 - parseResult.GetValue(DecoyProbability) - parseResult.GetValue(VacuumProbability),
            },
            _ => SourceSettings.WeakPulses(mu),
        };
        var eve = parseResult.GetValue(Eve) switch
        {
            "intercept-resend" => new EavesdropperSettings(EavesdropperKind.InterceptResend, parseResult.GetValue(EveFraction)),
            "pns" => new EavesdropperSettings(EavesdropperKind.PhotonNumberSplitting, parseResult.GetValue(EveFraction)),
            _ => null,
        };
        return new LinkConfiguration
        {
            LengthKm = parseResult.GetValue(DistanceKm),
            LossDbPerKm = parseResult.GetValue(Loss),
            Source = source,
            ClockRateHz = parseResult.GetValue(ClockRate),
            DetectorEfficiency = parseResult.GetValue(DetectorEfficiency),
            DarkCountProbability = parseResult.GetValue(DarkCount),
            Misalignment = parseResult.GetValue(Misalignment),
            Protocol = protocol,
            Eavesdropper = eve,
            EntangledSource = new EntangledSourceSettings
            {
                MeanPairsPerPulse = parseResult.GetValue(PairsPerPulse),
                TestProbability = parseResult.GetValue(TestProbability),
                AliceArmKm = parseResult.GetValue(AliceArmKm),
            },
            PostProcessing = new PostProcessingSettings
            {
                Cascade = CascadeVariantOf(parseResult.GetValue(Cascade)),
                SampleFraction = parseResult.GetValue(SampleFraction),
                SecurityEpsilon = parseResult.GetValue(Epsilon),
            },
        };
    }

    /// <summary>The --cascade option: the Cascade variants by their command-line names.</summary>
    public static Option<string> CascadeOption() =>
        Choice("--cascade", "power2", "Cascade variant: original, yan, option3, power2 (power-of-two first block, 24 passes)", "original", "yan", "option3", "power2");

    public static CascadeVariant CascadeVariantOf(string? name) => name switch
    {
        "original" => CascadeVariant.Original,
        "yan" => CascadeVariant.YanEtAl,
        "option3" => CascadeVariant.Option3,
        _ => CascadeVariant.PowerOfTwoBlocks,
    };

    public static Option<string> Choice(string name, string defaultValue, string description, params string[] values)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(values);
        return option;
    }
}
