using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QBroker.Qkd.Sweeps;

/// <summary>A parameter sweep: one x column and any number of series, printable as a table or JSON.</summary>
public sealed record SweepTable(
    string Title,
    string XLabel,
    string YLabel,
    bool LogarithmicY,
    IReadOnlyList<double> X,
    IReadOnlyList<SweepSeries> Series)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Fixed-width text: a header row, then one row per x value.</summary>
    public string ToText()
    {
        var columns = new List<string> { XLabel };
        columns.AddRange(Series.Select(s => s.Name));
        var widths = columns.Select(c => Math.Max(12, c.Length)).ToArray();
        var text = new StringBuilder();
        text.AppendLine(Title);
        text.AppendLine(string.Join("  ", columns.Select((c, i) => c.PadLeft(widths[i]))));
        for (var row = 0; row < X.Count; row++)
        {
            var cells = new List<string> { X[row].ToString("G6", CultureInfo.InvariantCulture) };
            cells.AddRange(Series.Select(s => s.Values[row] is { } v ? v.ToString("G5", CultureInfo.InvariantCulture) : "-"));
            text.AppendLine(string.Join("  ", cells.Select((c, i) => c.PadLeft(widths[i]))));
        }

        return text.ToString();
    }
}
