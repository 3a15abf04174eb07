using System.CommandLine;
using QBroker.Cli.Output;

namespace QBroker.Cli.Qkd.Links;

/// <summary>
/// <c>qbroker qkd links delete LINK</c> (operators): stops the link's sessions and wipes its key; relays and key
/// delivery stop using it, and it stays deleted after a restart.
/// </summary>
internal static class QkdLinksDeleteCommand
{
    public static Command Create(CliSession session)
    {
        var link = new Argument<string>("link") { Description = "Link id (see 'qbroker qkd links')" };
        var command = new Command("delete", "Delete a link (operators): its sessions stop and its key is wiped") { link };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            var id = parseResult.GetValue(link)!;
            await QkdLinkRefusals.ExplainAsync(
                async () =>
                {
                    await client.DeleteQkdLinkAsync(id, cancellationToken);
                    return true;
                },
                "only operators delete links");
            session.Print(parseResult, new QkdLinkDeleted(id, Deleted: true), CliJsonContext.Default.QkdLinkDeleted, d => session.Out.WriteLine($"Deleted QKD link {d.Id}."));
            return ExitCodes.Success;
        });
        return command;
    }
}
