using System.CommandLine;
using QBroker.Cli.Output;
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
            if (session.Json(parseResult))
            {
                CliJson.WriteDocument(session.Out, job, QBrokerJsonContext.Default.JobView);
            }
            else
            {
                session.Out.WriteLine($"job {job.Id} is now {job.State}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
