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
            if (session.Json(parseResult))
            {
                CliJson.WriteDocument(session.Out, new LogoutResult(path, removed), CliJsonContext.Default.LogoutResult);
            }
            else
            {
                session.Out.WriteLine(removed ? $"logged out: removed {path}" : $"not logged in: {path} does not exist");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
