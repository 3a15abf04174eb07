using System.Globalization;
using System.Text.Json;
using QBroker.Client.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QBroker.Cli.Commands;

/// <summary>
/// The human view of a qkd job's result (<c>qbroker result</c>, and <c>submit --kind qkd --wait</c>): one line per
/// session with the figures a researcher compares first (the full table is in --json, docs/qkd-job-format.md).
/// </summary>
internal static class QkdResultView
{
    public static IRenderable Build(JobResultView result)
    {
        if (result.Qkd is not { } qkd)
        {
            throw new CliException(ExitCodes.Error, $"{CliErrors.Prefix}job {result.Id} has no QKD table");
        }
        var sweep = qkd.TryGetProperty("sweepVariable", out var variable) ? variable.GetString() : null;
        var table = new Table().Border(TableBorder.Simple);
        if (sweep is not null)
        {
            table.AddColumn(new TableColumn(sweep.ToUpperInvariant()).RightAligned());
        }
        table.AddColumn(new TableColumn("OUTCOME").NoWrap());
        foreach (var heading in new[] { "PULSES", "DETECTIONS", "SIFTED", "QBER", "KEY BITS", "BITS/PULSE", "BOUND/PULSE" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }
        foreach (var row in qkd.GetProperty("rows").EnumerateArray())
        {
            var figures = row.GetProperty("figures");
            var cells = new List<string>();
            if (sweep is not null)
            {
                cells.Add(row.GetProperty("sweepValue").GetDouble().ToString("G6", CultureInfo.InvariantCulture));
            }
            cells.Add(row.GetProperty("outcome").GetString() ?? "");
            cells.Add(Figure(figures, "pulses", "N0"));
            cells.Add(Figure(figures, "detections", "N0"));
            cells.Add(Figure(figures, "siftedBits", "N0"));
            cells.Add(Figure(figures, "qber", "P2"));
            cells.Add(Figure(figures, "finalKeyBits", "N0"));
            cells.Add(Figure(figures, "keyRatePerPulse", "E3"));
            cells.Add(Figure(figures, "asymptoticRatePerPulse", "E3"));
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        var summary = new Markup(string.Create(
            CultureInfo.InvariantCulture,
            $"job [bold]{Markup.Escape(result.Id)}[/] on {Markup.Escape(result.Device)}: {Markup.Escape(qkd.GetProperty("protocol").GetString() ?? "")}, seed {qkd.GetProperty("seed").GetRawText()}, {result.DeviceTimeSeconds:0.###} s device time"));
        return qkd.TryGetProperty("plot", out var plot)
            ? new Rows(summary, table, new Markup($"plot: {Markup.Escape(plot.GetString() ?? "")}"))
            : new Rows(summary, table);
    }

    private static string Figure(JsonElement figures, string name, string format) =>
        figures.TryGetProperty(name, out var value) ? value.GetDouble().ToString(format, CultureInfo.InvariantCulture) : "-";
}
