using System.CommandLine;
using QBroker.Cli.Parsing;

namespace QBroker.Cli.Commands;

/// <summary>Options several commands share, built fresh for each command that uses them.</summary>
internal static class CommonOptions
{
    /// <summary>Outcomes shown in result tables and charts unless <c>--top</c> says otherwise.</summary>
    public const int DefaultTop = 16;

    public static Option<double> PollInterval() =>
        BoundedNumber.WithDefault<double>("--interval", "Seconds between status polls", 0.05, 3600, 1.0);

    public static Option<int> Top() =>
        BoundedNumber.WithDefault("--top", "Show the N most frequent outcomes; 0 shows all", 0, int.MaxValue, DefaultTop);

    public static Argument<string> JobId() => new("id") { Description = "Job id" };
}
