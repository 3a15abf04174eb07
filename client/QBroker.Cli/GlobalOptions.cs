using System.CommandLine;

namespace QBroker.Cli;

/// <summary>Options every command accepts (declared once on the root, recursive to all subcommands).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Url { get; } = new("--url")
    {
        Description = "QBroker server URL (default: $QBROKER_URL, the logged-in server, or http://127.0.0.1:5080)",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "API key (default: $QBROKER_TOKEN, or the key stored by 'qbroker login')",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON (camelCase, the HTTP API's shapes) instead of tables",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Url);
        root.Options.Add(Token);
        root.Options.Add(Json);
    }
}
