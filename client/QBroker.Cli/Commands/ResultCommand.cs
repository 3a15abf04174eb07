using System.CommandLine;
using QBroker.Cli.Output;
using QBroker.Client;

namespace QBroker.Cli.Commands;

/// <summary><c>qbroker result ID</c>: the counts of a completed job as a table and a bar chart.</summary>
internal static class ResultCommand
{
    public static Command Create(CliSession session)
    {
        var id = CommonOptions.JobId();
        var top = CommonOptions.Top();
        var command = new Command("result", "Show the counts of a completed job, most frequent first, with a bar chart (--json: all counts)")
        {
            id,
            top,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            await PrintAsync(session, client, parseResult.GetValue(id)!, parseResult.GetValue(top), session.Json(parseResult), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Fetches and prints a result; shared with <c>submit --wait</c>.</summary>
    public static async Task PrintAsync(CliSession session, QBrokerClient client, string id, int top, bool json, CancellationToken cancellationToken)
    {
        var result = await client.GetResultAsync(id, cancellationToken);
        if (json)
        {
            CliJson.WriteDocument(session.Out, result, QBrokerJsonContext.Default.JobResultView);
        }
        else
        {
            session.Console.Write(ResultView.Build(result, top, session.Console.Profile.Width));
        }
    }
}
