using System.CommandLine;

namespace QBroker.Cli.Commands;

/// <summary>
/// <c>qbroker watch ID</c>: follows a job until it ends. Exits 0 when it completed and 1 when it failed or was
/// cancelled, so <c>qbroker watch ID &amp;&amp; qbroker result ID</c> works in scripts.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliSession session)
    {
        var id = CommonOptions.JobId();
        var interval = CommonOptions.PollInterval();
        var command = new Command(
            "watch",
            "Follow a job's state, queue position and ETA until it ends (one line per change when not on a terminal; --json: one JSON object per change)")
        {
            id,
            interval,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            var output = session.Json(parseResult) ? WatchOutput.JsonLines : WatchOutput.Human;
            var job = await JobWatcher.WatchAsync(
                session, client, parseResult.GetValue(id)!, TimeSpan.FromSeconds(parseResult.GetValue(interval)), output, cancellationToken);
            JobWatcher.ThrowUnlessCompleted(job);
            return ExitCodes.Success;
        });
        return command;
    }
}
