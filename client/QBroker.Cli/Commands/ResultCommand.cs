using System.CommandLine;
using QBroker.Cli.Output;
using QBroker.Client;

namespace QBroker.Cli.Commands;

/// <summary>
/// <c>qbroker result ID</c>: the counts of a completed job as a table and a bar chart, or for a qkd job its table of
/// sessions (its counts only encode that table).
/// </summary>
internal static class ResultCommand
{
    public static Command Create(CliSession session)
    {
        var id = CommonOptions.JobId();
        var top = CommonOptions.Top();
        var command = new Command("result", "Show the counts of a completed job, most frequent first, with a bar chart, or a qkd job's table of sessions (--json: the whole result)")
        {
            id,
            top,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            await PrintAsync(session, parseResult, client, parseResult.GetValue(id)!, parseResult.GetValue(top), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Fetches and prints a result; shared with <c>submit --wait</c>.</summary>
    public static async Task PrintAsync(
        CliSession session, ParseResult parseResult, QBrokerClient client, string id, int top, CancellationToken cancellationToken)
    {
        var result = await client.GetResultAsync(id, cancellationToken);
        session.Print(parseResult, result, QBrokerJsonContext.Default.JobResultView, r =>
            session.Console.Write(r.Qkd is null ? ResultView.Build(r, top, session.Console.Profile.Width) : QkdResultView.Build(r)));
    }
}
