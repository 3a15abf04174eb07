namespace QBroker.Cli;

/// <summary>What the user sees when a command fails: one line on stderr and the exit code.</summary>
public sealed record CliFailure(int ExitCode, string Line);
