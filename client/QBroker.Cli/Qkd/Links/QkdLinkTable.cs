using System.Globalization;
using QBroker.Client.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QBroker.Cli.Qkd.Links;

/// <summary>
/// The human view of <c>qkd links</c>: one row per link with its sites, fibre length, last QBER and secure key
/// rate, each directional pool's level and state, the eavesdropper and how many sessions aborted.
/// </summary>
public static class QkdLinkTable
{
    public static IRenderable Build(IReadOnlyList<QkdLinkView> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("LINK").AddColumn("SITES (A <-> B)").AddColumn(new TableColumn("KM").RightAligned())
            .AddColumn(new TableColumn("QBER").RightAligned()).AddColumn(new TableColumn("KEY RATE").RightAligned())
            .AddColumn("POOL A->B").AddColumn("POOL B->A").AddColumn("STATUS").AddColumn("EAVESDROPPER")
            .AddColumn(new TableColumn("ABORTED").RightAligned());
        foreach (var link in links)
        {
            table.AddRow(
                Markup.Escape(link.Id),
                Markup.Escape($"{link.SiteA} <-> {link.SiteB}"),
                link.LengthKm.ToString("0.#", CultureInfo.InvariantCulture),
                link.Qber is { } qber ? Percent(qber, "0.00") : "-",
                Rate(link.SecureKeyRateBitsPerSecond),
                link.Pools.Count > 0 ? Pool(link.Pools[0]) : "-",
                link.Pools.Count > 1 ? Pool(link.Pools[1]) : "-",
                link.Status == "active" ? "[green]active[/]" : $"[red]{Markup.Escape(link.Status)}[/]",
                link.Eavesdropper is { } eve ? $"[red]{Markup.Escape(eve.Kind)} {Percent(eve.Fraction, "0.#")}[/]" : "-",
                string.Create(CultureInfo.InvariantCulture, $"{link.BlocksAborted}/{link.BlocksRun}"));
        }

        return table;
    }

    /// <summary>Secure key rate with a unit that keeps three significant digits readable: bit/s, kbit/s, Mbit/s.</summary>
    public static string Rate(double bitsPerSecond) => bitsPerSecond switch
    {
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1e6:0.00} Mbit/s"),
        >= 1e3 => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond / 1e3:0.0} kbit/s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bitsPerSecond:0} bit/s"),
    };

    private static string Pool(QkdPoolView pool)
    {
        var text = $"{Percent(pool.Level, "0")} {pool.State}";
        return pool.State switch
        {
            "ready" => $"[green]{Markup.Escape(text)}[/]",
            "charging" => Markup.Escape(text),
            _ => $"[yellow]{Markup.Escape(text)}[/]",
        };
    }

    private static string Percent(double fraction, string format) =>
        (fraction * 100).ToString(format, CultureInfo.InvariantCulture) + " %";
}
