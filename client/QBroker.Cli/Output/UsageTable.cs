using System.Globalization;
using QBroker.Client.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QBroker.Cli.Output;

/// <summary>
/// The human view of <c>usage</c>: the fair-share tree in depth-first order, children indented under their parent,
/// with each node's share, decayed usage, fair-share factor and (where visible) budget figures.
/// </summary>
public static class UsageTable
{
    public static IRenderable Build(UsageView usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var table = new Table().Border(TableBorder.Simple)
            .Title(string.Create(CultureInfo.InvariantCulture, $"usage as of {TimeText.Absolute(usage.AsOf)}, half-life {usage.HalfLifeDays:0.##} d, budget period {TimeText.Absolute(usage.PeriodStart)} to {TimeText.Absolute(usage.PeriodEnd)}"))
            .AddColumn("NODE").AddColumn("KIND")
            .AddColumn(new TableColumn("SHARE").RightAligned()).AddColumn(new TableColumn("USAGE").RightAligned())
            .AddColumn(new TableColumn("FACTOR").RightAligned()).AddColumn(new TableColumn("BUDGET").RightAligned())
            .AddColumn(new TableColumn("SPENT").RightAligned()).AddColumn(new TableColumn("ESCROWED").RightAligned());
        foreach (var (node, depth) in DepthFirst(usage.Nodes))
        {
            table.AddRow(
                Markup.Escape(new string(' ', 2 * depth) + node.Id),
                Markup.Escape(node.Kind),
                node.NormalizedShare.ToString("0.000", CultureInfo.InvariantCulture),
                node.DecayedUsage.ToString("0.##", CultureInfo.InvariantCulture),
                node.FairShareFactor.ToString("0.000", CultureInfo.InvariantCulture),
                Credits(node.Budget),
                Credits(node.Spent),
                Credits(node.Escrowed));
        }

        return table;
    }

    /// <summary>
    /// Nodes ordered parent before children, each with its depth. Roots are nodes whose parent is absent from the
    /// list (the program root is implied); siblings keep the server's order.
    /// </summary>
    public static IReadOnlyList<(UsageNode Node, int Depth)> DepthFirst(IReadOnlyList<UsageNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var ids = nodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var children = nodes.Where(n => n.Parent is not null && ids.Contains(n.Parent)).ToLookup(n => n.Parent!, StringComparer.Ordinal);
        var ordered = new List<(UsageNode, int)>(nodes.Count);
        var stack = new Stack<(UsageNode Node, int Depth)>();
        foreach (var root in nodes.Where(n => n.Parent is null || !ids.Contains(n.Parent)).Reverse())
        {
            stack.Push((root, 0));
        }

        while (stack.TryPop(out var entry))
        {
            ordered.Add(entry);
            foreach (var child in children[entry.Node.Id].Reverse())
            {
                stack.Push((child, entry.Depth + 1));
            }
        }

        return ordered;
    }

    private static string Credits(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";
}
