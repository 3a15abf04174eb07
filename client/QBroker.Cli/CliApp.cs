using System.CommandLine;
using System.CommandLine.Help;
using QBroker.Cli.Commands;
using QBroker.Cli.Qkd;

namespace QBroker.Cli;

/// <summary>
/// The <c>qbroker</c> command line, runnable in-process: Program.cs calls it with the real console and
/// environment, tests with string writers and a dictionary. Every failure ends as one line on stderr and an exit
/// code from <see cref="ExitCodes"/>.
/// </summary>
public static class CliApp
{
    /// <summary>Runs one command line with stdout treated as a pipe (plain output, no live display, no colour).</summary>
    public static Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        IReadOnlyDictionary<string, string?> environment,
        CancellationToken ct) =>
        RunAsync(args, new CliTerminal(stdout, stderr, OutIsTerminal: false), environment, TimeProvider.System, ct);

    /// <summary>Runs one command line with explicit terminal capabilities and clock.</summary>
    public static async Task<int> RunAsync(
        string[] args,
        CliTerminal terminal,
        IReadOnlyDictionary<string, string?> environment,
        TimeProvider time,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(terminal);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(time);

        var session = new CliSession(terminal, environment, time);
        var root = BuildRootCommand(session);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpAction)
        {
            var command = CommandPath(parseResult);
            terminal.Error.WriteLine($"{CliErrors.Prefix}{CliErrors.OneLine(parseResult.Errors[0].Message)} (see '{command} --help')");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = terminal.Out,
            Error = terminal.Error,
            // Failures are reported by the mapping below, as one line; Ctrl+C arrives through ct from Program.cs.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation, ct);
        }
        catch (Exception e)
        {
            var failure = CliErrors.Describe(e);
            terminal.Error.WriteLine(failure.Line);
            return failure.ExitCode;
        }
        finally
        {
            await terminal.Out.FlushAsync(CancellationToken.None);
            await terminal.Error.FlushAsync(CancellationToken.None);
        }
    }

    private const string RootDescription =
        "QBroker: submit quantum jobs, follow them and fetch their results.\n" +
        "Exit codes: 0 success; 1 refused by the API, job failed or cancelled, other error; 2 usage error; " +
        "3 not authenticated; 4 not found; 5 server unreachable; 130 interrupted.";

    private static Command BuildRootCommand(CliSession session)
    {
        // A plain command named "qbroker" rather than RootCommand, whose name would be the host executable
        // (dotnet, testhost) when run as a tool or in tests.
        var root = new Command("qbroker", RootDescription)
        {
            LoginCommand.Create(session),
            LogoutCommand.Create(session),
            SubmitCommand.Create(session),
            StatusCommand.Create(session),
            WatchCommand.Create(session),
            ResultCommand.Create(session),
            JobsCommand.Create(session),
            CancelCommand.Create(session),
            DevicesCommand.Create(session),
            UsageCommand.Create(session),
            QkdCommand.Create(session),
        };
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        session.Options.AddTo(root);
        return root;
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
