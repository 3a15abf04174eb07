using System.CommandLine;
using QBroker.Cli.Qkd.Links;

namespace QBroker.Cli.Qkd;

/// <summary>
/// `qbroker qkd ...`: the broker's live links (`links`, from the server), and the QKD link simulator run locally with
/// the QBroker.Qkd library (`simulate`, `sweep`, `bound`, `cascade`: no server). The root command adds what
/// <see cref="Create(CliSession)"/> returns.
/// </summary>
public static class QkdCommand
{
    /// <summary>The local simulator commands alone, which need no server (and so no session).</summary>
    public static Command Create() => new("qkd", "QKD link simulator: simulate sessions, sweep parameters, compute key-rate bounds, measure Cascade")
    {
        QkdSimulateCommand.Create(),
        QkdSweepCommand.Create(),
        QkdBoundCommand.Create(),
        QkdCascadeCommand.Create(),
    };

    /// <summary>The full `qkd` command: the simulator, plus `links`, which talks to the server of <paramref name="session"/>.</summary>
    internal static Command Create(CliSession session)
    {
        var command = Create();
        command.Description = "QKD: the broker's live links; local simulator runs, parameter sweeps and key-rate bounds";
        command.Subcommands.Insert(0, QkdLinksCommand.Create(session));
        return command;
    }
}
