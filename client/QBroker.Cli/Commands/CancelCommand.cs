using System.CommandLine;
using QBroker.Client;

namespace QBroker.Cli.Commands;

/// <summary><c>qbroker cancel ID</c>.</summary>
internal static class CancelCommand
{
    public static Command Create(CliSession session)
    {
        var id = CommonOptions.JobId();
        var command = new Command("cancel", "Cancel a job that has not ended yet") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            var job = await client.CancelJobAsync(parseResult.GetValue(id)!, cancellationToken);
            session.Print(parseResult, job, QBrokerJsonContext.Default.JobView, j => session.Out.WriteLine($"job {j.Id} is now {j.State}"));

            return ExitCodes.Success;
        });
        return command;
    }
}
