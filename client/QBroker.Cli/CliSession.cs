using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using QBroker.Cli.Configuration;
using QBroker.Cli.Output;
using QBroker.Client;
using Spectre.Console;

namespace QBroker.Cli;

/// <summary>
/// Everything one invocation of the CLI works with: where to write, the environment it was given (never the
/// process environment, so tests control it), the clock, and the global options.
/// </summary>
internal sealed class CliSession(CliTerminal terminal, IReadOnlyDictionary<string, string?> environment, TimeProvider time)
{
    /// <summary>Width of tables when stdout is not a terminal and $COLUMNS is unset: wide enough that rows do not wrap.</summary>
    private const int PipeWidth = 120;

    private IAnsiConsole? _console;

    public GlobalOptions Options { get; } = new();

    public CliTerminal Terminal { get; } = terminal;

    public IReadOnlyDictionary<string, string?> Environment { get; } = environment;

    public TimeProvider Time { get; } = time;

    public TextWriter Out => Terminal.Out;

    /// <summary>Spectre console over stdout: colours and live redraws on a terminal, plain text otherwise.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole();

    public DateTimeOffset Now => Time.GetUtcNow();

    public bool Json(ParseResult parseResult) => parseResult.GetValue(Options.Json);

    /// <summary>
    /// Prints a command's answer: the value as an indented JSON document with <c>--json</c> (the API's shape),
    /// otherwise what <paramref name="human"/> writes.
    /// </summary>
    public void Print<T>(ParseResult parseResult, T value, JsonTypeInfo<T> type, Action<T> human)
    {
        ArgumentNullException.ThrowIfNull(human);
        if (Json(parseResult))
        {
            CliJson.WriteDocument(Out, value, type);
        }
        else
        {
            human(value);
        }
    }

    /// <summary>The config file path this invocation uses.</summary>
    public string ConfigPath => ConfigFilePath.Resolve(Environment);

    /// <summary>A client for the server and key that the options, environment and config file select.</summary>
    public QBrokerClient Connect(ParseResult parseResult)
    {
        var connection = ConnectionResolver.Resolve(
            parseResult.GetValue(Options.Url),
            parseResult.GetValue(Options.Token),
            Environment,
            () => ConfigFileStore.Load(ConfigPath));
        return new QBrokerClient(connection.Url, connection.Token);
    }

    private IAnsiConsole CreateConsole()
    {
        var colour = Terminal.OutIsTerminal && EnvironmentNames.Get(Environment, EnvironmentNames.NoColor) is null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Terminal.Out),
            Ansi = Terminal.OutIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Terminal.OutIsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!Terminal.OutIsTerminal)
        {
            console.Profile.Width =
                int.TryParse(EnvironmentNames.Get(Environment, EnvironmentNames.Columns), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
                    ? columns
                    : PipeWidth;
        }

        return console;
    }
}
