using System.Globalization;
using ScottPlot;

namespace QBroker.Qkd.Sweeps;

/// <summary>Renders a sweep with ScottPlot; the file extension (.svg or .png) picks the format.</summary>
public static class SweepPlotter
{
    public const int Width = 800;
    public const int Height = 500;

    public static void Save(SweepTable table, string path)
    {
        var plot = Build(table);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        switch (extension)
        {
            case ".svg":
                plot.SaveSvg(path, Width, Height);
                break;
            case ".png":
                plot.SavePng(path, Width, Height);
                break;
            default:
                throw new ArgumentException($"Plots are written as .svg or .png, not '{extension}'.", nameof(path));
        }
    }

    private static Plot Build(SweepTable table)
    {
        var plot = new Plot();
        foreach (var series in table.Series)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (var i = 0; i < table.X.Count; i++)
            {
                if (series.Values[i] is not { } y || (table.LogarithmicY && y <= 0))
                {
                    continue;
                }

                xs.Add(table.X[i]);
                ys.Add(table.LogarithmicY ? Math.Log10(y) : y);
            }

            var scatter = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            scatter.LegendText = series.Name;
        }

        if (table.LogarithmicY)
        {
            // ScottPlot draws linear axes; plot log10(y) and label the ticks as powers of ten.
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => "1e" + y.ToString("0", CultureInfo.InvariantCulture),
            };
        }

        plot.Title(table.Title);
        plot.XLabel(table.XLabel);
        plot.YLabel(table.YLabel);
        plot.ShowLegend();
        return plot;
    }
}
