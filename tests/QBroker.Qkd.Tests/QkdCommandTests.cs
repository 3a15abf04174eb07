using System.CommandLine;
using System.Text.Json;
using QBroker.Cli;
using QBroker.Cli.Qkd;

namespace QBroker.Qkd.Tests;

public sealed class QkdCommandTests
{
    [Fact]
    public async Task Bound_prints_the_vacuum_weak_decoy_rate_as_camel_case_json()
    {
        var (code, output, _) = await Run("bound", "--distance-km", "50", "--json");
        Assert.Equal(ExitCodes.Success, code);
        using var json = JsonDocument.Parse(output);
        var rate = json.RootElement.GetProperty("ratePerPulse").GetDouble();
        // Reference 1.9627e-4 (team note (c).1), printed to five figures.
        Assert.InRange(rate, 1.9627e-4 * 0.998, 1.9627e-4 * 1.002);
        Assert.Equal("vacuumWeakDecoy", json.RootElement.GetProperty("bound").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("maxDistanceKm").ValueKind);
    }

    [Fact]
    public async Task Bound_with_max_distance_finds_the_reference_distances()
    {
        var (_, decoy, _) = await Run("bound", "--max-distance", "--json");
        Assert.InRange(JsonDocument.Parse(decoy).RootElement.GetProperty("maxDistanceKm").GetDouble(), 139.0, 139.2);

        var (_, gllp, _) = await Run("bound", "--protocol", "gllp", "--optimize-mu", "--max-distance", "--distance-km", "0", "--json");
        var root = JsonDocument.Parse(gllp).RootElement;
        Assert.InRange(root.GetProperty("maxDistanceKm").GetDouble(), 40.1, 40.3);
        Assert.InRange(root.GetProperty("ratePerPulse").GetDouble(), 1.529e-4 * 0.998, 1.529e-4 * 1.002);
    }

    [Fact]
    public async Task Bound_for_bbm92_optimises_the_pair_number_and_finds_a_maximum_distance()
    {
        var (code, output, _) = await Run("bound", "--protocol", "bbm92", "--distance-km", "50", "--optimize-mu", "--max-distance", "--json");
        Assert.Equal(ExitCodes.Success, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("bbm92", root.GetProperty("bound").GetString());
        var pairs = root.GetProperty("signalIntensity").GetDouble();
        var rate = root.GetProperty("ratePerPulse").GetDouble();
        Assert.Equal(QBroker.Qkd.Theory.EntangledKeyRateTheory.Rate(QBroker.Qkd.Theory.TheoryParameters.GobbyYuanShields, 50, pairs), rate, 1e-9);
        Assert.True(rate > 0);
        var limit = root.GetProperty("maxDistanceKm").GetDouble();
        Assert.InRange(limit, 50, 400);
        Assert.True(QBroker.Qkd.Theory.EntangledKeyRateTheory.Rate(QBroker.Qkd.Theory.TheoryParameters.GobbyYuanShields, limit + 1, pairs) <= 0);
    }

    [Fact]
    public async Task Bound_prints_a_readable_table_without_json()
    {
        var (code, output, _) = await Run("bound", "--distance-km", "100", "--max-distance");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("key rate:     1.4822E-005 bits per pulse", output, StringComparison.Ordinal);
        Assert.Contains("max distance: 139.1 km", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_is_reproducible_from_the_seed_and_reports_the_session()
    {
        string[] args = ["simulate", "--distance-km", "25", "--pulses", "20000000", "--seed", "3", "--json"];
        var (code, first, _) = await Run(args);
        var (_, second, _) = await Run(args);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(first, second);
        var root = JsonDocument.Parse(first).RootElement;
        var report = root.GetProperty("report");
        Assert.Equal("decoyStateBb84", report.GetProperty("protocol").GetString());
        Assert.Equal(20_000_000, report.GetProperty("pulses").GetInt64());
        var finalBits = report.GetProperty("finalKeyBits").GetInt64();
        Assert.True(finalBits > 0);
        Assert.Equal(finalBits / 4, root.GetProperty("key").GetString()!.Length);
    }

    [Fact]
    public async Task Simulate_with_full_intercept_resend_reports_the_abort()
    {
        var (code, output, _) = await Run("simulate", "--protocol", "bb84", "--source", "single-photon", "--eve", "intercept-resend", "--pulses", "5000000");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("aborted (QberAboveThreshold)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_bbm92_reports_the_chsh_value_and_a_key()
    {
        var (code, output, _) = await Run(
            "simulate", "--protocol", "bbm92", "--distance-km", "20", "--detector-efficiency", "0.2", "--dark-count", "1e-5",
            "--misalignment", "0.02", "--pulses", "200000000", "--seed", "4", "--json");
        Assert.Equal(ExitCodes.Success, code);
        var report = JsonDocument.Parse(output).RootElement.GetProperty("report");
        Assert.Equal("bbm92", report.GetProperty("protocol").GetString());
        Assert.True(report.GetProperty("finalKeyBits").GetInt64() > 0);
        // The model gives S = 2.42 here (see Bbm92Tests); ~2,000 test rounds put its standard error near 0.04.
        Assert.InRange(report.GetProperty("chsh").GetProperty("value").GetDouble(), 2.2, 2.65);

        var (_, text, _) = await Run("simulate", "--protocol", "bbm92", "--pulses", "200000000", "--detector-efficiency", "0.2", "--eve", "intercept-resend");
        Assert.Contains("CHSH:              S = ", text, StringComparison.Ordinal);
        Assert.Contains("aborted (QberAboveThreshold)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_link_parameters_are_a_usage_error()
    {
        var (code, _, error) = await Run("simulate", "--misalignment", "0.9");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("misalignment", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_writes_svg_and_png_plots_and_a_table()
    {
        var directory = Directory.CreateTempSubdirectory("qkd-sweep");
        try
        {
            var svg = Path.Combine(directory.FullName, "qber.svg");
            var png = Path.Combine(directory.FullName, "rate.png");
            var (code, table, _) = await Run(
                "sweep", "--kind", "eavesdropping", "--steps", "3", "--protocol", "bb84", "--source", "single-photon", "--key-bits", "5000", "--plot", svg);
            Assert.Equal(ExitCodes.Success, code);
            Assert.Contains("intercepted fraction", table, StringComparison.Ordinal);
            var svgText = await File.ReadAllTextAsync(svg);
            Assert.Contains("<svg", svgText, StringComparison.Ordinal);
            Assert.Contains("QBER vs intercept-resend fraction", svgText, StringComparison.Ordinal);

            var (pngCode, _, _) = await Run("sweep", "--kind", "distance", "--theory-only", "--steps", "5", "--plot", png);
            Assert.Equal(ExitCodes.Success, pngCode);
            var header = (await File.ReadAllBytesAsync(png))[..8];
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Sweep_json_lists_x_values_and_series()
    {
        var (_, output, _) = await Run("sweep", "--kind", "decoy-intensity", "--from", "0.05", "--to", "0.2", "--steps", "4", "--theory-only", "--json");
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(4, root.GetProperty("x").GetArrayLength());
        var theory = root.GetProperty("series")[0].GetProperty("values");
        // Weaker decoys bound the single-photon yield more tightly: the rate falls as nu grows (Ma et al. 2005).
        Assert.True(theory[0].GetDouble() > theory[3].GetDouble());
    }

    [Fact]
    public async Task Sweep_of_a_bbm92_link_follows_the_entangled_theory()
    {
        var (code, output, _) = await Run(
            "sweep", "--protocol", "bbm92", "--kind", "eavesdropping", "--steps", "2", "--detector-efficiency", "0.2",
            "--misalignment", "0.02", "--dark-count", "1e-5", "--distance-km", "20", "--key-bits", "50000", "--json");
        Assert.Equal(ExitCodes.Success, code);
        var series = JsonDocument.Parse(output).RootElement.GetProperty("series");
        var theory = series[0].GetProperty("values");
        var simulated = series[1].GetProperty("values");
        // Theory at fractions 0 and 1: 6.38 % and 28.19 % (correlated share 94.9 % of the coincidences, errors e_d and
        // 1/4 + e_d/2 on it, 1/2 elsewhere). The QBER is sampled on 10 % of ~55,000 sifted bits: its standard
        // deviation is at most sqrt(0.28 * 0.72 / 5,500) = 0.61 %, so 2.5 percentage points is 4 sd.
        Assert.InRange(theory[0].GetDouble(), 0.0635, 0.0642);
        Assert.InRange(theory[1].GetDouble(), 0.2815, 0.2823);
        Assert.InRange(simulated[0].GetDouble(), theory[0].GetDouble() - 0.025, theory[0].GetDouble() + 0.025);
        Assert.InRange(simulated[1].GetDouble(), theory[1].GetDouble() - 0.025, theory[1].GetDouble() + 0.025);
    }

    [Fact]
    public async Task Cascade_measures_seeded_frames_at_each_qber_as_json()
    {
        var (code, output, _) = await Run("cascade", "--cascade", "original", "--qber-percent", "2", "5", "--frames", "8", "--seed", "3", "--json");
        Assert.Equal(ExitCodes.Success, code);
        var rows = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal("original", rows[0].GetProperty("variant").GetString());
        Assert.Equal(0.05, rows[1].GetProperty("qber").GetDouble(), 12);
        var expected = QBroker.Qkd.Reconciliation.CascadeQuality.Measure(QBroker.Qkd.Reconciliation.CascadeVariant.Original, 0.02, 8, 10_000, 3);
        Assert.Equal(expected.Efficiency, rows[0].GetProperty("efficiency").GetDouble(), 12);
        Assert.Equal(expected.ChannelUses, rows[0].GetProperty("channelUses").GetDouble(), 12);

        var (_, table, _) = await Run("cascade", "--qber-percent", "3.1", "--frames", "4");
        Assert.Contains("PowerOfTwoBlocks, 4 frames of 10000 bits per QBER", table, StringComparison.Ordinal);
        Assert.Contains("3.1 ", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cascade_refuses_a_qber_outside_the_open_interval_with_a_usage_error()
    {
        var (code, output, error) = await Run("cascade", "--qber-percent", "0");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Contains("--qber-percent", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_commands_recursive_json_option_is_honoured()
    {
        var root = new Command("qbroker") { QkdCommand.Create() };
        root.Options.Add(new Option<bool>("--json") { Recursive = true });
        var output = new StringWriter();
        var code = await root.Parse(["--json", "qkd", "bound"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = new StringWriter() });
        Assert.Equal(ExitCodes.Success, code);
        Assert.True(JsonDocument.Parse(output.ToString()).RootElement.TryGetProperty("ratePerPulse", out _));
    }

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = QkdCommand.Create().Parse(args);
        Assert.Empty(parse.Errors);
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
