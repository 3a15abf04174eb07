using QBroker.Cli.Output;
using QBroker.Client;
using QBroker.Client.Api;
using Spectre.Console;

namespace QBroker.Cli.Commands;

/// <summary>How a wait shows its progress.</summary>
internal enum WatchOutput
{
    /// <summary>Nothing until the end (e.g. <c>submit --wait --json</c>, which prints only the result).</summary>
    Quiet,

    /// <summary>A compact JobView per change, one per line (JSON Lines).</summary>
    JsonLines,

    /// <summary>A live panel on a terminal; a plain line per change otherwise.</summary>
    Human,
}

/// <summary>Follows a job until it is terminal, as <c>watch</c> and <c>submit --wait</c> show it.</summary>
internal static class JobWatcher
{
    public static async Task<JobView> WatchAsync(
        CliSession session,
        QBrokerClient client,
        string id,
        TimeSpan interval,
        WatchOutput output,
        CancellationToken cancellationToken)
    {
        switch (output)
        {
            case WatchOutput.Quiet:
                return await client.WaitForTerminalAsync(id, interval, null, cancellationToken);
            case WatchOutput.JsonLines:
                return await client.WaitForTerminalAsync(
                    id, interval, job => CliJson.WriteLine(session.Out, job, QBrokerJsonContext.Default.JobView), cancellationToken);
            case WatchOutput.Human when session.Terminal.OutIsTerminal:
                return await WatchLiveAsync(session, client, id, interval, cancellationToken);
            default:
                return await client.WaitForTerminalAsync(
                    id,
                    interval,
                    job =>
                    {
                        session.Out.WriteLine(ProgressLine.Format(job, session.Now));
                        session.Out.Flush();
                    },
                    cancellationToken);
        }
    }

    /// <summary>
    /// Redraws the panel on every poll, not only on change, so the relative ETA and running time keep moving.
    /// </summary>
    private static async Task<JobView> WatchLiveAsync(
        CliSession session, QBrokerClient client, string id, TimeSpan interval, CancellationToken cancellationToken)
    {
        var job = await client.GetJobAsync(id, cancellationToken);
        await session.Console.Live(LiveJobPanel.Build(job, session.Now))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                while (!JobStates.IsTerminal(job.State))
                {
                    await Task.Delay(interval, session.Time, cancellationToken);
                    job = await client.GetJobAsync(id, cancellationToken);
                    context.UpdateTarget(LiveJobPanel.Build(job, session.Now));
                    context.Refresh();
                }
            });
        return job;
    }

    /// <summary>A job that ended other than completed is an error for the command that waited on it.</summary>
    public static void ThrowUnlessCompleted(JobView job)
    {
        if (job.State == JobStates.Completed)
        {
            return;
        }

        var reason = job.Error is null ? "" : ": " + CliErrors.OneLine(job.Error);
        throw new CliException(ExitCodes.Error, $"{CliErrors.Prefix}job {job.Id} {job.State}{reason}");
    }
}
