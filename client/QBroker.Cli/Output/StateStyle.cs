using QBroker.Client.Api;
using Spectre.Console;

namespace QBroker.Cli.Output;

/// <summary>The colour a job state is shown in, so a glance at a table tells what needs attention.</summary>
public static class StateStyle
{
    public static string Markup(string state)
    {
        var colour = state switch
        {
            JobStates.Queued => "yellow",
            JobStates.Running => "deepskyblue1",
            JobStates.Retrying => "darkorange",
            JobStates.Completed => "green",
            JobStates.Failed => "red",
            JobStates.Cancelled => "grey",
            _ => "default",
        };
        return $"[{colour}]{Spectre.Console.Markup.Escape(state)}[/]";
    }
}
