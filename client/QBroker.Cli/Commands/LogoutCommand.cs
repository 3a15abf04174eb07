using System.CommandLine;
using QBroker.Cli.Configuration;
using QBroker.Cli.Output;

namespace QBroker.Cli.Commands;

/// <summary><c>qbroker logout</c>: forgets the stored server and key.</summary>
internal static class LogoutCommand
{
    public static Command Create(CliSession session)
    {
        var command = new Command("logout", "Delete the stored server URL and API key");
        command.SetAction(parseResult =>
        {
            var path = session.ConfigPath;
            var removed = ConfigFileStore.Delete(path);
            session.Print(parseResult, new LogoutResult(path, removed), CliJsonContext.Default.LogoutResult, r =>
                session.Out.WriteLine(r.Removed ? $"logged out: removed {r.ConfigPath}" : $"not logged in: {r.ConfigPath} does not exist"));

            return ExitCodes.Success;
        });
        return command;
    }
}
