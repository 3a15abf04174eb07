using System.CommandLine;
using QBroker.Cli.Output;
using QBroker.Client;

namespace QBroker.Cli.Commands;

/// <summary><c>qbroker usage</c>: the fair-share tree with usage, factors and budgets the caller may see.</summary>
internal static class UsageCommand
{
    public static Command Create(CliSession session)
    {
        var command = new Command("usage", "Show the fair-share tree: shares, decayed usage, fair-share factors, budgets, spent and escrowed credits");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            var usage = await client.GetUsageAsync(cancellationToken);
            session.Print(parseResult, usage, QBrokerJsonContext.Default.UsageView, u => session.Console.Write(UsageTable.Build(u)));
            return ExitCodes.Success;
        });
        return command;
    }
}
