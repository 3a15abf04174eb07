using QBroker.Backends.Qkd;
using QBroker.Qkd.Links;
using QBroker.Qkd.Reconciliation;

namespace QBroker.Backends.Tests.Qkd;

public sealed class QkdExperimentJsonTests
{
    [Fact]
    public void An_empty_experiment_is_the_gys_decoy_link_with_the_default_key_target_and_seed()
    {
        var experiment = QkdExperimentJson.Parse("{}");
        Assert.Equal(new LinkConfiguration(), experiment.Link);
        Assert.Null(experiment.Pulses);
        Assert.Equal(QkdExperimentLimits.DefaultTargetKeyBits, experiment.TargetKeyBits);
        Assert.Equal(1UL, experiment.Seed);
        Assert.Null(experiment.Sweep);
        Assert.Single(experiment.Points());
    }

    [Fact]
    public void Every_field_reaches_the_link()
    {
        var experiment = QkdExperimentJson.Parse("""
            {"protocol":"decoy","link":{"distanceKm":40,"lossDbPerKm":0.2,"detectorEfficiency":0.1,"darkCountProbability":1e-5,"misalignment":0.02,"clockRateHz":1e8},
             "source":{"kind":"wcp","signalIntensity":0.5,"decoyIntensity":0.08,"decoyProbability":0.2,"vacuumProbability":0.1},
             "postProcessing":{"cascade":"original","sampleFraction":0.2,"securityEpsilon":1e-9,"qberAbortThreshold":0.1,"frameBits":4096},
             "pulses":1e7,"seed":18446744073709551615,"eavesdropper":{"kind":"pns","fraction":0.5}}
            """);
        var link = experiment.Link;
        Assert.Equal((40.0, 0.2, 0.1, 1e-5, 0.02, 1e8), (link.LengthKm, link.LossDbPerKm, link.DetectorEfficiency, link.DarkCountProbability, link.Misalignment, link.ClockRateHz));
        Assert.Equal((0.5, 0.08, 0.2, 0.1), (link.Source.SignalIntensity, link.Source.DecoyIntensity, link.Source.DecoyProbability, link.Source.VacuumProbability));
        Assert.Equal(0.7, link.Source.SignalProbability, 12);
        Assert.Equal(CascadeVariant.Original, link.PostProcessing.Cascade);
        Assert.Equal((0.2, 1e-9, 0.1, 4096), (link.PostProcessing.SampleFraction, link.PostProcessing.SecurityEpsilon, link.PostProcessing.QberAbortThreshold, link.PostProcessing.FrameBits));
        Assert.Equal(new EavesdropperSettings(EavesdropperKind.PhotonNumberSplitting, 0.5), link.Eavesdropper);
        Assert.Equal(10_000_000L, experiment.Pulses);
        Assert.Equal(ulong.MaxValue, experiment.Seed);
    }

    [Fact]
    public void Bb84_defaults_to_single_photons_and_bbm92_reads_its_pair_source()
    {
        Assert.Equal(SourceKind.SinglePhoton, QkdExperimentJson.Parse("""{"protocol":"bb84"}""").Link.Source.Kind);
        var naive = QkdExperimentJson.Parse("""{"protocol":"bb84","source":{"kind":"wcp","signalIntensity":0.3}}""").Link.Source;
        Assert.Equal((SourceKind.WeakCoherent, 0.3, 1.0), (naive.Kind, naive.SignalIntensity, naive.SignalProbability));
        var pairs = QkdExperimentJson.Parse("""{"protocol":"bbm92","source":{"pairsPerPulse":0.05,"testProbability":0.2,"aliceArmKm":3}}""").Link;
        Assert.Equal(QkdProtocol.Bbm92, pairs.Protocol);
        Assert.Equal((0.05, 0.2, (double?)3), (pairs.EntangledSource.MeanPairsPerPulse, pairs.EntangledSource.TestProbability, pairs.EntangledSource.AliceArmKm));
    }

    [Fact]
    public void A_sweep_gives_one_point_per_step_with_consecutive_seeds()
    {
        var experiment = QkdExperimentJson.Parse("""{"seed":10,"pulses":1e6,"sweep":{"variable":"distanceKm","from":0,"to":100,"steps":5}}""");
        var points = experiment.Points();
        Assert.Equal([0.0, 25, 50, 75, 100], points.Select(p => p.SweepValue!.Value));
        Assert.Equal([0.0, 25, 50, 75, 100], points.Select(p => p.Link.LengthKm));
        Assert.Equal([10UL, 11, 12, 13, 14], points.Select(p => p.Seed));
        Assert.All(points, p => Assert.Equal(1_000_000L, p.Pulses));
    }

    [Fact]
    public void Sweeping_the_eavesdropper_fraction_without_an_eavesdropper_attacks_by_intercept_resend()
    {
        var points = QkdExperimentJson.Parse("""{"pulses":1e6,"sweep":{"variable":"eavesdropperFraction","from":0,"to":1,"steps":3}}""").Points();
        Assert.All(points, p => Assert.Equal(EavesdropperKind.InterceptResend, p.Link.Eavesdropper!.Kind));
        Assert.Equal([0.0, 0.5, 1.0], points.Select(p => p.Link.Eavesdropper!.Fraction));
    }

    [Fact]
    public void Target_key_bits_size_each_point_and_far_points_are_capped_at_the_pulse_limit()
    {
        var points = QkdExperimentJson.Parse("""{"targetKeyBits":10000,"sweep":{"variable":"distanceKm","from":0,"to":300,"steps":2}}""").Points();
        Assert.InRange(QkdExperiment.ExpectedKeyBits(points[0]), 10_000, 10_001);
        Assert.Equal(QkdExperimentLimits.MaxPulsesPerPoint, points[1].Pulses);
    }

    [Theory]
    [InlineData("""{"pulse":1}""", "unknown field \"pulse\"")]
    [InlineData("""{"link":{"km":3}}""", "unknown field \"km\" in link")]
    [InlineData("""{"protocol":"e91"}""", "\"protocol\" must be decoy, bb84, gllp or bbm92")]
    [InlineData("""{"pulses":1e6,"targetKeyBits":5}""", "either \"pulses\" or \"targetKeyBits\"")]
    [InlineData("""{"pulses":0.5}""", "\"pulses\" must be a whole number")]
    [InlineData("""{"pulses":2e10}""", "\"pulses\" must be between 1 and 10,000,000,000")]
    [InlineData("""{"link":{"detectorEfficiency":2}}""", "detector efficiency must lie in (0, 1]")]
    [InlineData("""{"link":{"distanceKm":"far"}}""", "\"link.distanceKm\" must be a number")]
    [InlineData("""{"eavesdropper":{"fraction":0.5}}""", "missing field \"eavesdropper.kind\"")]
    [InlineData("""{"eavesdropper":{"kind":"beamsplitter"}}""", "\"eavesdropper.kind\" must be intercept-resend or pns")]
    [InlineData("""{"protocol":"bbm92","source":{"signalIntensity":0.5}}""", "\"source.signalIntensity\" does not apply to protocol bbm92")]
    [InlineData("""{"protocol":"gllp","source":{"decoyIntensity":0.05}}""", "\"source.decoyIntensity\" applies only to protocol decoy")]
    [InlineData("""{"sweep":{"variable":"temperature","from":0,"to":1,"steps":3}}""", "\"sweep.variable\" must be one of distanceKm")]
    [InlineData("""{"sweep":{"variable":"distanceKm","from":0,"to":1,"steps":42}}""", "\"sweep.steps\" must be between 2 and 41")]
    [InlineData("""{"sweep":{"variable":"distanceKm","to":1,"steps":3}}""", "missing field \"sweep.from\"")]
    [InlineData("""{"pulses":1e6,"sweep":{"variable":"decoyIntensity","from":0.1,"to":0.6,"steps":3}}""", "at decoyIntensity = 0.6")]
    [InlineData("""{"pulses":1e10,"link":{"distanceKm":0}}""", "at most 2,000,000 per session")]
    [InlineData("""{"targetKeyBits":1000000,"sweep":{"variable":"distanceKm","from":0,"to":10,"steps":11}}""", "at most 10,000,000 are allowed")]
    [InlineData("""[1]""", "the experiment must be a JSON object")]
    [InlineData("""{"seed":-1}""", "\"seed\" must be a whole number")]
    public void A_bad_experiment_is_refused_with_a_message_naming_the_field(string json, string expected)
    {
        var error = Assert.Throws<QkdExperimentFormatException>(() => QkdExperimentJson.Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_is_a_format_error()
    {
        var error = Assert.Throws<QkdExperimentFormatException>(() => QkdExperimentJson.Parse("{\"pulses\":"));
        Assert.StartsWith("Not valid JSON", error.Message, StringComparison.Ordinal);
    }
}
