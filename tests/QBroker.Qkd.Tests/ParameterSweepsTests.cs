using QBroker.Qkd.Links;
using QBroker.Qkd.Sweeps;

namespace QBroker.Qkd.Tests;

public sealed class ParameterSweepsTests
{
    [Fact]
    public void Simulated_qber_follows_the_intercept_resend_prediction()
    {
        var link = LinkConfiguration.GobbyYuanShields(10) with { Protocol = QkdProtocol.Bb84, Source = SourceSettings.SinglePhoton };
        var table = ParameterSweeps.QberVsEavesdropping(link, [0, 0.25, 0.5, 1], new SweepBudget(TargetKeyBits: 40_000), seed: 5);
        var expected = table.Series[0].Values;
        var simulated = table.Series[1].Values;
        for (var i = 0; i < table.X.Count; i++)
        {
            // The QBER is sampled on ~4,400 bits (10 % of the sifted bits): sd below 0.7 %; allow 5 sd.
            var e = expected[i]!.Value;
            var tolerance = 5 * Math.Sqrt(e * (1 - e) / 4_400);
            Assert.InRange(simulated[i]!.Value, e - tolerance, e + tolerance);
        }

        Assert.InRange(expected[^1]!.Value, 0.26, 0.27);
    }

    [Fact]
    public void Key_rate_vs_distance_has_simulated_key_below_the_bound_and_none_beyond_the_cut_off()
    {
        var link = LinkConfiguration.GobbyYuanShields(0);
        var table = ParameterSweeps.KeyRateVsDistance(link, [10, 30, 160], new SweepBudget(TargetKeyBits: 100_000, MaxPulsesPerPoint: 200_000_000), seed: 1);
        var bound = table.Series[0].Values;
        var simulated = table.Series[1].Values;
        for (var i = 0; i < 2; i++)
        {
            Assert.True(simulated[i] > 0 && simulated[i] < bound[i], $"at {table.X[i]} km: {simulated[i]} vs {bound[i]}");
        }

        Assert.Null(bound[2]);
        Assert.Equal(0, simulated[2]);
    }

    [Fact]
    public void Decoy_intensity_sweep_simulates_each_point_below_its_bound()
    {
        var link = LinkConfiguration.GobbyYuanShields(25);
        var table = ParameterSweeps.KeyRateVsDecoyIntensity(
            link, [0.05, 0.1, 0.2], new SweepBudget(TargetKeyBits: 100_000, MaxPulsesPerPoint: 200_000_000), seed: 3);
        Assert.Equal(new[] { "asymptotic bound", "simulated" }, table.Series.Select(s => s.Name));
        var bound = table.Series[0].Values;
        var simulated = table.Series[1].Values;
        for (var i = 0; i < table.X.Count; i++)
        {
            Assert.True(simulated[i] > 0 && simulated[i] < bound[i], $"at nu = {table.X[i]}: {simulated[i]} vs {bound[i]}");
        }

        // Point i runs with seed + i: the middle point is the default link's session with seed 4.
        var session = new QBroker.Qkd.Sessions.QkdSession(link);
        var middle = session.Run(4, session.PulsesForKeyBits(100_000)).Report;
        Assert.Equal(middle.KeyRatePerPulse, simulated[1]);
    }

    [Fact]
    public void Theory_only_sweeps_have_one_series_and_print_as_text_and_json()
    {
        var table = ParameterSweeps.KeyRateVsDecoyIntensity(LinkConfiguration.GobbyYuanShields(50), [0.05, 0.1, 0.2], new SweepBudget(Simulate: false), 1);
        Assert.Single(table.Series);
        var text = table.ToText();
        Assert.Contains("decoy intensity nu", text, StringComparison.Ordinal);
        Assert.Equal(5, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("\"logarithmicY\": true", table.ToJson(), StringComparison.Ordinal);
    }
}
