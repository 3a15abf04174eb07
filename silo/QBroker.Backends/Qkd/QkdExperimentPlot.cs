using QBroker.Qkd.Sweeps;

namespace QBroker.Backends.Qkd;

/// <summary>
/// The plot of a sweep, drawn by the QKD library's <see cref="SweepPlotter"/> (ScottPlot) like `qbroker qkd sweep
/// --plot`: the simulated key rate per pulse beside the asymptotic bound on a log axis, or, for an eavesdropping
/// sweep, the sampled QBER beside the expected intercept-resend QBER.
/// </summary>
public static class QkdExperimentPlot
{
    public static SweepTable Table(QkdExperimentReport report)
    {
        if (report.SweepVariable is not { } variable)
        {
            throw new InvalidOperationException("Only a sweep has a plot; a single session is a table of one row.");
        }
        var xs = report.Rows.Select(r => r.SweepValue ?? 0).ToArray();
        if (variable == QkdSweepVariables.Name(QkdSweepVariable.EavesdropperFraction))
        {
            return new SweepTable(
                $"QBER vs eavesdropper fraction ({report.Protocol})",
                "eavesdropper fraction",
                "QBER",
                LogarithmicY: false,
                xs,
                WithValues(Series("expected", report, "expectedQber", positiveOnly: false), Series("simulated (sample estimate)", report, "qber", positiveOnly: false)));
        }
        return new SweepTable(
            $"Key rate vs {variable} ({report.Protocol})",
            variable,
            "key bits per pulse",
            LogarithmicY: true,
            xs,
            WithValues(Series("asymptotic bound", report, "asymptoticRatePerPulse", positiveOnly: true), Series("simulated", report, "keyRatePerPulse", positiveOnly: true)));
    }

    /// <summary>The plot as an SVG document.</summary>
    public static string Svg(QkdExperimentReport report)
    {
        // SweepPlotter writes files (the CLI's use); a private temporary file keeps one drawing code path for both.
        var path = Path.Combine(Path.GetTempPath(), $"qbroker-qkd-{Guid.NewGuid():N}.svg");
        try
        {
            SweepPlotter.Save(Table(report), path);
            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Drops a curve with no point at all (e.g. no expected QBER for weak pulses), so the legend lists only what is drawn.</summary>
    private static SweepSeries[] WithValues(params SweepSeries[] series) => [.. series.Where(s => s.Values.Any(v => v is not null))];

    private static SweepSeries Series(string name, QkdExperimentReport report, string figure, bool positiveOnly) =>
        new(name, [.. report.Rows.Select(r => r.Figures.TryGetValue(figure, out var v) && (!positiveOnly || v > 0) ? v : (double?)null)]);
}
