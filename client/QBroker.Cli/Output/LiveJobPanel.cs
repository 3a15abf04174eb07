using System.Globalization;
using QBroker.Client.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QBroker.Cli.Output;

/// <summary>What <c>watch</c> redraws in place on a terminal: state, device, queue position and ETA of one job.</summary>
public static class LiveJobPanel
{
    public static IRenderable Build(JobView job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow(new Markup("[grey]state[/]"), new Markup(StateStyle.Markup(job.State)));
        grid.AddRow(new Markup("[grey]device[/]"), new Markup(Markup.Escape(job.Device ?? JobDetails.DescribeRequirements(job.Requirements))));
        if (job.QueuePosition is { } position)
        {
            grid.AddRow(new Markup("[grey]queue position[/]"), new Markup(JobDetails.QueuePositionText(position)));
        }

        if (job.EstimatedStart is { } eta && job.State is JobStates.Queued or JobStates.Retrying)
        {
            grid.AddRow(new Markup("[grey]estimated start[/]"), new Markup($"{TimeText.Absolute(eta)} ({TimeText.Relative(eta, now)})"));
        }

        if (job.StartedAt is { } started && !JobStates.IsTerminal(job.State))
        {
            grid.AddRow(new Markup("[grey]running for[/]"), new Markup(TimeText.Span(now - started)));
        }

        if (job.Attempts > 1)
        {
            grid.AddRow(new Markup("[grey]attempts[/]"), new Markup(job.Attempts.ToString(CultureInfo.InvariantCulture)));
        }

        if (job.Error is not null)
        {
            grid.AddRow(new Markup("[grey]error[/]"), new Markup($"[red]{Markup.Escape(job.Error)}[/]"));
        }

        return new Panel(grid).Header($"job {Markup.Escape(job.Id)}").Border(BoxBorder.Rounded);
    }
}
