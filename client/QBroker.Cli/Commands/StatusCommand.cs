using System.CommandLine;
using QBroker.Cli.Output;
using QBroker.Client;

namespace QBroker.Cli.Commands;

/// <summary><c>qbroker status ID</c>: one job with its recorded transitions.</summary>
internal static class StatusCommand
{
    public static Command Create(CliSession session)
    {
        var id = CommonOptions.JobId();
        var command = new Command("status", "Show a job: state, queue position, ETA, costs and its transitions") { id };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            var job = await client.GetJobAsync(parseResult.GetValue(id)!, cancellationToken);
            session.Print(parseResult, job, QBrokerJsonContext.Default.JobView, j => session.Console.Write(JobDetails.Build(j, session.Now, withTransitions: true)));

            return ExitCodes.Success;
        });
        return command;
    }
}
