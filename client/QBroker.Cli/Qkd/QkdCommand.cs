using System.CommandLine;

namespace QBroker.Cli.Qkd;

/// <summary>
/// `qbroker qkd ...`: the QKD link simulator run locally with the QBroker.Qkd library (no server). The root command
/// adds what <see cref="Create"/> returns.
/// </summary>
public static class QkdCommand
{
    public static Command Create() => new("qkd", "QKD link simulator: simulate sessions, sweep parameters, compute key-rate bounds")
    {
        QkdSimulateCommand.Create(),
        QkdSweepCommand.Create(),
        QkdBoundCommand.Create(),
    };
}
