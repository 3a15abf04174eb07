using System.Globalization;
using QBroker.Client.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QBroker.Cli.Output;

/// <summary>The human view of <c>jobs</c>: one row per job, newest first as the API returns them.</summary>
public static class JobTable
{
    public static IRenderable Build(IReadOnlyList<JobView> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("ID").AddColumn("NAME").AddColumn("STATE").AddColumn("DEVICE")
            .AddColumn(new TableColumn("SHOTS").RightAligned()).AddColumn(new TableColumn("POS").RightAligned())
            .AddColumn("CREATED").AddColumn("TAGS");
        foreach (var job in jobs)
        {
            table.AddRow(
                Markup.Escape(job.Id),
                Markup.Escape(job.Name ?? ""),
                StateStyle.Markup(job.State),
                Markup.Escape(job.Device ?? "(any)"),
                job.Shots.ToString(CultureInfo.InvariantCulture),
                job.QueuePosition?.ToString(CultureInfo.InvariantCulture) ?? "",
                TimeText.Absolute(job.CreatedAt),
                Markup.Escape(string.Join(',', job.Tags)));
        }

        return table;
    }
}
