using System.CommandLine;
using System.CommandLine.Parsing;
using QBroker.Cli.Output;
using QBroker.Cli.Parsing;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Cli.Commands;

/// <summary><c>qbroker jobs</c>: the caller's jobs (operators and admins: everyone they may see), newest first.</summary>
internal static class JobsCommand
{
    /// <summary>The API's limit on one page.</summary>
    private const int MaxLimit = 500;

    public static Command Create(CliSession session)
    {
        var state = new Option<string?>("--state") { Description = "Only jobs in this state" };
        state.AcceptOnlyFromAmong([.. JobStates.All]);
        var tag = new Option<string?>("--tag") { Description = "Only jobs with this tag" };
        var device = new Option<string?>("--device") { Description = "Only jobs for this device" };
        var owner = new Option<string?>("--owner") { Description = "Only jobs of this researcher (admins and operators)" };
        var since = TimeOption("--since", "Only jobs created at or after this time: ISO 8601, or a span back from now (90s, 15m, 2h, 7d)", session);
        var until = TimeOption("--until", "Only jobs created before this time (same forms as --since)", session);
        var limit = BoundedNumber.Optional("--limit", "Jobs per page, 1..500 (server default 50)", 1, MaxLimit);
        var cursor = new Option<string?>("--cursor") { Description = "Continue from a previous page's nextCursor" };
        var all = new Option<bool>("--all") { Description = "Follow every page instead of printing only the first" };

        var command = new Command("jobs", "List jobs, newest first") { state, tag, device, owner, since, until, limit, cursor, all };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var query = new JobQuery
            {
                State = parseResult.GetValue(state),
                Tag = parseResult.GetValue(tag),
                Device = parseResult.GetValue(device),
                Owner = parseResult.GetValue(owner),
                Since = parseResult.GetValue(since),
                Until = parseResult.GetValue(until),
                Limit = parseResult.GetValue(limit),
                Cursor = parseResult.GetValue(cursor),
            };

            using var client = session.Connect(parseResult);
            var page = await client.ListJobsAsync(query, cancellationToken);
            if (parseResult.GetValue(all))
            {
                var items = new List<JobView>(page.Items);
                while (page.NextCursor is { } next)
                {
                    page = await client.ListJobsAsync(query with { Cursor = next }, cancellationToken);
                    items.AddRange(page.Items);
                }

                page = new JobPage(items, null);
            }

            session.Print(parseResult, page, QBrokerJsonContext.Default.JobPage, p =>
            {
                if (p.Items.Count == 0)
                {
                    session.Out.WriteLine("no jobs");
                    return;
                }

                session.Console.Write(JobTable.Build(p.Items));
                if (p.NextCursor is not null)
                {
                    session.Out.WriteLine($"more jobs: add --all, or --cursor {p.NextCursor}");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<DateTimeOffset?> TimeOption(string name, string description, CliSession session) => new(name)
    {
        Description = description,
        CustomParser = result => Parse(result, name, session.Now),
    };

    private static DateTimeOffset? Parse(ArgumentResult result, string name, DateTimeOffset now)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TimeArgument.TryParse(text, now, out var value))
        {
            return value;
        }

        result.AddError($"{name} '{text}' is neither an ISO 8601 time nor a span such as 90s, 15m, 2h or 7d");
        return null;
    }
}
