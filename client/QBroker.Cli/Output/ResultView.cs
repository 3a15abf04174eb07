using System.Globalization;
using QBroker.Client.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QBroker.Cli.Output;

/// <summary>The human view of a result: a summary line, the counts as a table, and the same counts as a bar chart.</summary>
public static class ResultView
{
    /// <summary>Widest the bar chart gets, so bars stay readable on wide terminals.</summary>
    private const int MaxChartWidth = 80;

    public static IRenderable Build(JobResultView result, int top, int consoleWidth)
    {
        ArgumentNullException.ThrowIfNull(result);
        var ranked = RankedCounts.Rank(result.Counts, top);
        // Two short lines rather than one long one, so the summary does not wrap on an 80-column terminal.
        var summary = new Rows(
            new Markup(string.Create(
                CultureInfo.InvariantCulture,
                $"job [bold]{Markup.Escape(result.Id)}[/] on {Markup.Escape(result.Device)}: {result.Shots} shots, {ranked.Shown.Count + ranked.HiddenOutcomes} distinct outcomes")),
            new Markup(string.Create(
                CultureInfo.InvariantCulture,
                $"engine {Markup.Escape(result.Engine)}, {result.DeviceTimeSeconds:0.###} s device time, completed {TimeText.Absolute(result.CompletedAt)}")));

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("OUTCOME").AddColumn(new TableColumn("COUNT").RightAligned()).AddColumn(new TableColumn("PROBABILITY").RightAligned());
        foreach (var outcome in ranked.Shown)
        {
            table.AddRow(
                Markup.Escape(outcome.Bitstring),
                outcome.Count.ToString(CultureInfo.InvariantCulture),
                outcome.Probability.ToString("0.0000", CultureInfo.InvariantCulture));
        }

        if (ranked.HiddenOutcomes > 0)
        {
            table.AddRow(
                new Markup(string.Create(CultureInfo.InvariantCulture, $"[grey]{ranked.HiddenOutcomes} more (--top 0 shows all)[/]")),
                new Markup(ranked.HiddenCount.ToString(CultureInfo.InvariantCulture)),
                new Markup(ranked.Total == 0 ? "0" : ((double)ranked.HiddenCount / ranked.Total).ToString("0.0000", CultureInfo.InvariantCulture)));
        }

        if (ranked.Shown.Count == 0)
        {
            return new Rows(summary, table);
        }

        var chart = new BarChart()
            .Width(Math.Min(consoleWidth, MaxChartWidth))
            .Label("[bold]counts[/]")
            .LeftAlignLabel();
        foreach (var outcome in ranked.Shown)
        {
            chart.AddItem(Markup.Escape(outcome.Bitstring), outcome.Count, Color.SteelBlue1);
        }

        return new Rows(summary, table, chart);
    }
}
