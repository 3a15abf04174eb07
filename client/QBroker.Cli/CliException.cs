namespace QBroker.Cli;

/// <summary>
/// A failure a command has already put into words: <see cref="Exception.Message"/> is the whole line printed on
/// stderr and <see cref="ExitCode"/> the process exit code.
/// </summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
