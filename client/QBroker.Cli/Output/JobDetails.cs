using System.Globalization;
using QBroker.Client.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace QBroker.Cli.Output;

/// <summary>The human view of one job (<c>status</c>, <c>cancel</c>, <c>submit</c>): its fields, then its recorded transitions.</summary>
public static class JobDetails
{
    public static IRenderable Build(JobView job, DateTimeOffset now, bool withTransitions)
    {
        ArgumentNullException.ThrowIfNull(job);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        Row(grid, "job", $"[bold]{Markup.Escape(job.Id)}[/]");
        if (job.Name is not null)
        {
            Row(grid, "name", Markup.Escape(job.Name));
        }

        Row(grid, "state", StateStyle.Markup(job.State) + (job.Duplicate == true ? " (already submitted with this client token)" : ""));
        Row(grid, "owner", Markup.Escape($"{job.Owner} ({job.Institution}, project {job.Project})"));
        Row(grid, "device", Markup.Escape(job.Device ?? DescribeRequirements(job.Requirements)));
        Row(grid, "shots", job.Shots.ToString(CultureInfo.InvariantCulture));
        if (job.Priority != 0)
        {
            Row(grid, "priority", job.Priority.ToString(CultureInfo.InvariantCulture));
        }

        if (job.Tags.Count > 0)
        {
            Row(grid, "tags", Markup.Escape(string.Join(", ", job.Tags)));
        }

        Row(grid, "created", TimeText.Absolute(job.CreatedAt));
        if (job.QueuePosition is { } position)
        {
            Row(grid, "queue position", QueuePositionText(position));
        }

        if (job.EstimatedStart is { } eta && !JobStates.IsTerminal(job.State) && job.StartedAt is null)
        {
            Row(grid, "estimated start", $"{TimeText.Absolute(eta)} ({TimeText.Relative(eta, now)})");
        }

        if (job.StartedAt is { } started)
        {
            Row(grid, "started", TimeText.Absolute(started));
        }

        if (job.FinishedAt is { } finished)
        {
            Row(grid, "finished", TimeText.Absolute(finished));
        }

        Row(grid, "estimated cost", job.EstimatedCost.ToString("0.####", CultureInfo.InvariantCulture) + " credits");
        if (job.ActualCost is { } actual)
        {
            Row(grid, "actual cost", actual.ToString("0.####", CultureInfo.InvariantCulture) + " credits");
        }

        if (job.Attempts > 1)
        {
            Row(grid, "attempts", job.Attempts.ToString(CultureInfo.InvariantCulture));
        }

        if (job.Error is not null)
        {
            Row(grid, "error", $"[red]{Markup.Escape(job.Error)}[/]");
        }

        if (!withTransitions || job.Transitions.Count == 0)
        {
            return grid;
        }

        var transitions = new Table().Border(TableBorder.Simple).Title("transitions")
            .AddColumn("at").AddColumn("from").AddColumn("to").AddColumn("reason");
        foreach (var transition in job.Transitions)
        {
            transitions.AddRow(
                TimeText.Absolute(transition.At),
                Markup.Escape(transition.From ?? "(submitted)"),
                StateStyle.Markup(transition.To),
                // An attempt's start names the silo that ran it.
                Markup.Escape(transition.Silo is null ? transition.Reason : $"{transition.Reason} on silo {transition.Silo}"));
        }

        return new Rows(grid, transitions);
    }

    /// <summary>What a job without a named device asked for, e.g. "any device: ≥ 5 qubits, providers ionq|ibm, optimise cost".</summary>
    public static string DescribeRequirements(JobRequirements? requirements)
    {
        if (requirements is null)
        {
            return "any device";
        }

        var parts = new List<string>();
        if (requirements.MinQubits is { } qubits)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $">= {qubits} qubits"));
        }

        if (requirements.DeviceKind is not null)
        {
            parts.Add(requirements.DeviceKind);
        }

        if (requirements.Providers is { Count: > 0 } providers)
        {
            parts.Add("providers " + string.Join('|', providers));
        }

        if (requirements.Optimize is not null)
        {
            parts.Add("optimise " + requirements.Optimize);
        }

        return parts.Count == 0 ? "any device" : "any device: " + string.Join(", ", parts);
    }

    /// <summary>Position 0 means the job is being handed to a device slot that just became free.</summary>
    public static string QueuePositionText(int position) =>
        position == 0 ? "0 (being placed on a device)" : position.ToString(CultureInfo.InvariantCulture);

    private static void Row(Grid grid, string label, string valueMarkup) =>
        grid.AddRow(new Markup($"[grey]{label}[/]"), new Markup(valueMarkup));
}
