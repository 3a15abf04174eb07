using QBroker.Backends.Qkd;

namespace QBroker.Backends.Tests.Qkd;

public sealed class QkdDeviceBackendTests
{
    private static readonly IDeviceBackend Testbed =
        DeviceBackends.Create(DeviceCatalogue.CreateDefault().Single(d => d.Id == DeviceCatalogue.QkdTestbed), BackendOptions.Default);

    private static QkdWorkload Workload(string json) => new(QkdExperimentJson.Parse(json));

    private static async Task<QkdExperimentReport> RunAsync(string json)
    {
        var workload = Workload(json);
        var result = await Testbed.ExecuteAsync(workload, 1, 99, CancellationToken.None);
        Assert.Equal(QkdDeviceBackend.EngineName, result.Engine);
        return QkdExperimentReport.FromCounts(workload.Experiment, result.Counts);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_result_and_another_seed_a_different_one()
    {
        const string experiment = """{"pulses":2e7,"seed":42}""";
        var first = await Testbed.ExecuteAsync(Workload(experiment), 1, 1, CancellationToken.None);
        // The execution seed (a retry gets another) does not matter: the experiment's seed drives the sessions.
        var again = await Testbed.ExecuteAsync(Workload(experiment), 1, 2, CancellationToken.None);
        var other = await Testbed.ExecuteAsync(Workload("""{"pulses":2e7,"seed":43}"""), 1, 1, CancellationToken.None);
        Assert.Equal(first.Counts, again.Counts);
        Assert.NotEqual(first.Counts, other.Counts);
    }

    [Fact]
    public async Task A_session_without_eavesdropper_establishes_key_with_every_stage_reported()
    {
        var report = await RunAsync("""{"pulses":2e7,"seed":5}""");
        var row = Assert.Single(report.Rows);
        Assert.Equal("keyEstablished", row.Outcome);
        Assert.Null(row.SweepValue);
        Assert.Equal(5UL, row.Seed);
        var f = row.Figures;
        Assert.Equal(2e7, f["pulses"]);
        Assert.Equal(2e7, f["signalPulses"] + f["decoyPulses"] + f["vacuumPulses"]);
        Assert.True(f["detections"] > f["siftedBits"] && f["siftedBits"] > f["reconciledBits"] && f["reconciledBits"] > f["finalKeyBits"]);
        Assert.True(f["finalKeyBits"] > 0);
        Assert.Equal(f["finalKeyBits"] / f["pulses"], f["keyRatePerPulse"], 15);
        Assert.True(f["singlePhotonYieldLower"] > 0 && f["singlePhotonErrorUpper"] < 0.5);
        Assert.True(f["disclosedParityBits"] > 0 && f["cascadeEfficiency"] > 1);
        // The misalignment sets the QBER of a quiet link: 3.3 % plus a little background. Tolerance: 5 binomial
        // standard deviations of the disclosed sample, sqrt(e (1 - e) / n).
        var n = f["sampleBits"];
        Assert.InRange(f["qber"], 0.033 - (5 * Math.Sqrt(0.033 * 0.967 / n)), 0.033 + (5 * Math.Sqrt(0.033 * 0.967 / n)));
        // The finite session falls short of the asymptotic bound but reaches a sizeable fraction of it at 25 km.
        Assert.InRange(f["keyRatePerPulse"] / f["asymptoticRatePerPulse"], 0.05, 1.0);
        Assert.False(f.ContainsKey("expectedQber"));
    }

    [Fact]
    public async Task An_intercept_resend_eavesdropper_raises_the_qber_to_a_quarter_and_the_session_aborts()
    {
        // Single photons: the textbook attack, QBER 1/4 + e_det/2 on signal clicks (diluted slightly by background).
        var report = await RunAsync("""{"protocol":"bb84","pulses":2e7,"seed":5,"eavesdropper":{"kind":"intercept-resend","fraction":1}}""");
        var row = Assert.Single(report.Rows);
        Assert.Equal("qberAboveThreshold", row.Outcome);
        var f = row.Figures;
        Assert.Equal(0, f["finalKeyBits"]);
        Assert.False(f.ContainsKey("disclosedParityBits"));
        var expected = f["expectedQber"];
        Assert.InRange(expected, 0.25, 0.27);
        // Tolerance: 5 binomial standard deviations of the disclosed sample.
        var sigma = Math.Sqrt(expected * (1 - expected) / f["sampleBits"]);
        Assert.InRange(f["qber"], expected - (5 * sigma), expected + (5 * sigma));
    }

    [Fact]
    public async Task An_eavesdropper_on_weak_pulses_aborts_the_decoy_session_too()
    {
        var f = Assert.Single((await RunAsync("""{"pulses":2e7,"seed":5,"eavesdropper":{"kind":"intercept-resend","fraction":1}}""")).Rows).Figures;
        Assert.True(f["qber"] > 0.11);
        Assert.Equal(0, f["finalKeyBits"]);
        Assert.False(f.ContainsKey("expectedQber"));
    }

    [Fact]
    public async Task A_distance_sweep_has_one_row_per_step_and_the_rate_falls_with_distance()
    {
        var report = await RunAsync("""{"pulses":1e7,"seed":3,"sweep":{"variable":"distanceKm","from":0,"to":200,"steps":3}}""");
        Assert.Equal("distanceKm", report.SweepVariable);
        Assert.Equal([0.0, 100, 200], report.Rows.Select(r => r.SweepValue!.Value));
        Assert.Equal([3UL, 4, 5], report.Rows.Select(r => r.Seed));
        Assert.True(report.Rows[0].Figures["detections"] > report.Rows[1].Figures["detections"]);
        Assert.True(report.Rows[0].Figures["finalKeyBits"] > 0);
        // 200 km is beyond the decoy protocol's reach on the GYS link (about 140 km): no bound, no key.
        Assert.Equal(0, report.Rows[2].Figures["asymptoticRatePerPulse"]);
        Assert.Equal(0, report.Rows[2].Figures["finalKeyBits"]);
        Assert.NotEqual("keyEstablished", report.Rows[2].Outcome);
        var svg = QkdExperimentPlot.Svg(report);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.EndsWith("</svg>", svg.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("asymptotic bound", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_eavesdropping_sweep_plots_the_sampled_against_the_expected_qber()
    {
        var report = await RunAsync("""{"protocol":"bb84","pulses":1e7,"seed":3,"sweep":{"variable":"eavesdropperFraction","from":0,"to":1,"steps":3}}""");
        var table = QkdExperimentPlot.Table(report);
        Assert.False(table.LogarithmicY);
        Assert.Equal(["expected", "simulated (sample estimate)"], table.Series.Select(s => s.Name));
        Assert.True(report.Rows[2].Figures["qber"] > report.Rows[0].Figures["qber"] + 0.15);
    }

    [Fact]
    public async Task Bbm92_reports_its_chsh_value()
    {
        var report = await RunAsync("""{"protocol":"bbm92","link":{"distanceKm":10},"pulses":2e7,"seed":8}""");
        var f = Assert.Single(report.Rows).Figures;
        // Visibility 1 - 2 e_det = 0.934 gives S = 2 sqrt(2) V = 2.64; well above the local bound 2.
        Assert.InRange(f["chsh"], 2.64 - (5 * f["chshStandardError"]), 2.64 + (5 * f["chshStandardError"]));
        Assert.False(f.ContainsKey("singlePhotonYieldLower"));
    }

    [Fact]
    public void Device_time_is_the_task_overhead_plus_the_source_time_of_every_session()
    {
        var workload = Workload("""{"pulses":5e8,"link":{"clockRateHz":1e8},"sweep":{"variable":"distanceKm","from":100,"to":120,"steps":4}}""");
        var overhead = Testbed.Device.Timing.TaskOverheadSeconds;
        Assert.Equal(overhead + (4 * 5.0), Testbed.EstimateDeviceTime(workload, 1).TotalSeconds, 6);
    }

    [Fact]
    public async Task The_testbed_runs_only_qkd_experiments_one_task_at_a_time()
    {
        Assert.False(Testbed.Check(Workload("{}"), 2).Accepted);
        Assert.True(Testbed.Check(Workload("{}"), 1).Accepted);
        var circuit = new CircuitWorkload(QBroker.Qasm.QasmParser.Parse("OPENQASM 2.0; qreg q[1];"));
        Assert.Contains("QKD testbed", Testbed.Check(circuit, 1).Reason, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WorkloadRejectedException>(() => Testbed.ExecuteAsync(circuit, 1, 1, CancellationToken.None));
    }

    [Fact]
    public async Task A_cancelled_experiment_stops()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Testbed.ExecuteAsync(Workload("""{"pulses":1e7}"""), 1, 1, cancelled.Token));
    }
}
