using System.CommandLine;
using System.Globalization;
using System.Net;
using QBroker.Cli.Output;
using QBroker.Cli.Parsing;
using QBroker.Client;
using QBroker.Client.Api;
using Spectre.Console;

namespace QBroker.Cli.Qkd.Links;

/// <summary>
/// <c>qbroker qkd links</c>: the broker's live QKD links (from the server, unlike the local simulator commands beside
/// it), once or refreshed every <c>--watch</c> seconds until Ctrl+C; subcommands put an eavesdropper on a link and
/// create or delete links.
/// </summary>
internal static class QkdLinksCommand
{
    /// <summary>How long a watch rides out an unreachable or restarting server before it gives up (as <c>qbroker watch</c>).</summary>
    private static readonly TimeSpan OutageTolerance = TimeSpan.FromSeconds(60);

    public static Command Create(CliSession session)
    {
        var watch = BoundedNumber.Optional<double>("--watch", "Refresh every N seconds until Ctrl+C (--json: one JSON array per refresh, one per line)", 0.05, 3600);
        var command = new Command("links", "The broker's QKD links: QBER, secure key rate, pools, eavesdroppers and aborted sessions")
        {
            watch,
            QkdLinksEavesdropCommand.Create(session),
            QkdLinksCreateCommand.Create(session),
            QkdLinksDeleteCommand.Create(session),
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = session.Connect(parseResult);
            if (parseResult.GetValue(watch) is not { } seconds)
            {
                var links = await client.GetQkdLinksAsync(cancellationToken);
                session.Print(parseResult, links, QBrokerJsonContext.Default.IReadOnlyListQkdLinkView, l => session.Console.Write(QkdLinkTable.Build(l)));
                return ExitCodes.Success;
            }

            await WatchAsync(session, client, TimeSpan.FromSeconds(seconds), session.Json(parseResult), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Polls until cancelled (Ctrl+C ends it as an interruption, exit 130, like every other command).</summary>
    private static async Task WatchAsync(CliSession session, QBrokerClient client, TimeSpan interval, bool json, CancellationToken cancellationToken)
    {
        DateTimeOffset? outageStarted = null;

        // The links, or null while the server is briefly unreachable (a note goes to stderr); a longer outage ends the watch.
        async Task<IReadOnlyList<QkdLinkView>?> PollAsync()
        {
            try
            {
                var links = await client.GetQkdLinksAsync(cancellationToken);
                outageStarted = null;
                return links;
            }
            catch (Exception e) when (IsOutage(e) && !cancellationToken.IsCancellationRequested)
            {
                outageStarted ??= session.Now;
                if (session.Now - outageStarted.Value >= OutageTolerance)
                {
                    throw;
                }

                session.Terminal.Error.WriteLine($"{CliErrors.Prefix}{CliErrors.OneLine(e.Message)}; still watching");
                return null;
            }
        }

        if (!json && session.Terminal.OutIsTerminal)
        {
            var first = await client.GetQkdLinksAsync(cancellationToken);
            await session.Console.Live(Titled(first, session.Now)).AutoClear(false).StartAsync(async context =>
            {
                while (true)
                {
                    await Task.Delay(interval, session.Time, cancellationToken);
                    if (await PollAsync() is { } links)
                    {
                        context.UpdateTarget(Titled(links, session.Now));
                        context.Refresh();
                    }
                }
            });
            return;
        }

        while (true)
        {
            if (await PollAsync() is { } links)
            {
                if (json)
                {
                    CliJson.WriteLine(session.Out, links, QBrokerJsonContext.Default.IReadOnlyListQkdLinkView);
                }
                else
                {
                    session.Console.Write(Titled(links, session.Now));
                    session.Out.Flush();
                }
            }

            await Task.Delay(interval, session.Time, cancellationToken);
        }
    }

    private static bool IsOutage(Exception e) => e switch
    {
        QBrokerConnectionException => true,
        QBrokerApiException api => api.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    private static Rows Titled(IReadOnlyList<QkdLinkView> links, DateTimeOffset now) =>
        new(new Text($"QKD links at {now.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}"), QkdLinkTable.Build(links));
}
