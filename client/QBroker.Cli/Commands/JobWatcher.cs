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
    /// <summary>
    /// How long a watch rides out an unreachable or restarting server before it gives up: long enough for a silo
    /// to be restarted and recover its queue.
    /// </summary>
    public static readonly TimeSpan OutageTolerance = TimeSpan.FromSeconds(60);

    /// <summary>How often the live panel is redrawn, so relative times keep moving between polls.</summary>
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromSeconds(1);

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
                return await client.WaitForTerminalAsync(id, interval, OutageTolerance, null, cancellationToken);
            case WatchOutput.JsonLines:
                return await client.WaitForTerminalAsync(
                    id, interval, OutageTolerance, job => CliJson.WriteLine(session.Out, job, QBrokerJsonContext.Default.JobView), cancellationToken);
            case WatchOutput.Human when session.Terminal.OutIsTerminal:
                return await WatchLiveAsync(session, client, id, interval, cancellationToken);
            default:
                return await client.WaitForTerminalAsync(
                    id,
                    interval,
                    OutageTolerance,
                    job =>
                    {
                        session.Out.WriteLine(ProgressLine.Format(job, session.Now));
                        session.Out.Flush();
                    },
                    cancellationToken);
        }
    }

    /// <summary>
    /// Polls in the background and redraws the panel every second from the latest view, so the relative ETA and
    /// running time keep moving whatever the poll interval.
    /// </summary>
    private static async Task<JobView> WatchLiveAsync(
        CliSession session, QBrokerClient client, string id, TimeSpan interval, CancellationToken cancellationToken)
    {
        var latest = await client.GetJobAsync(id, cancellationToken);
        var waiting = client.WaitForTerminalAsync(id, interval, OutageTolerance, job => Volatile.Write(ref latest, job), cancellationToken);
        await session.Console.Live(LiveJobPanel.Build(latest, session.Now))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                while (!waiting.IsCompleted)
                {
                    await Task.WhenAny(waiting, Task.Delay(RedrawInterval, session.Time, cancellationToken));
                    context.UpdateTarget(LiveJobPanel.Build(Volatile.Read(ref latest), session.Now));
                    context.Refresh();
                }

                // The wait may have ended before the first redraw: the panel must end on the final state.
                context.UpdateTarget(LiveJobPanel.Build(Volatile.Read(ref latest), session.Now));
                context.Refresh();
            });
        return await waiting;
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
