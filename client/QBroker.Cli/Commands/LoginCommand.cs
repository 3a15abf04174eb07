using System.CommandLine;
using System.Net;
using QBroker.Cli.Configuration;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Cli.Commands;

/// <summary><c>qbroker login</c>: checks a key with <c>whoami</c>, then stores server and key in the config file.</summary>
internal static class LoginCommand
{
    public static Command Create(CliSession session)
    {
        var command = new Command("login", "Check an API key against the server and remember both for later commands");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var url = ConnectionResolver.ResolveUrl(parseResult.GetValue(session.Options.Url), session.Environment);
            var token = parseResult.GetValue(session.Options.Token) is { Length: > 0 } given
                ? given
                : EnvironmentNames.Get(session.Environment, EnvironmentNames.Token)
                  ?? throw new CliException(ExitCodes.Usage, $"{CliErrors.Prefix}login needs a key: pass --token KEY or set {EnvironmentNames.Token}");

            using var client = new QBrokerClient(url, token);
            WhoAmI who;
            try
            {
                who = await client.WhoAmIAsync(cancellationToken);
            }
            catch (QBrokerApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new CliException(ExitCodes.NotAuthenticated, $"{CliErrors.Prefix}{url} rejected the key: {CliErrors.OneLine(e.Message)} (HTTP 401)");
            }

            var path = session.ConfigPath;
            ConfigFileStore.Save(path, new CliConfig(url.ToString(), token));
            session.Print(parseResult, who, QBrokerJsonContext.Default.WhoAmI, w =>
            {
                var institution = w.Institution is null ? "" : $", {w.Institution}";
                session.Out.WriteLine($"logged in to {url} as {w.Subject} ({w.Role}{institution}); key saved in {path}");
            });

            return ExitCodes.Success;
        });
        return command;
    }
}
