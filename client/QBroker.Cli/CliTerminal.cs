namespace QBroker.Cli;

/// <summary>
/// Where the CLI writes. <paramref name="OutIsTerminal"/> chooses live displays and colours over plain,
/// line-per-change output that logs and pipes can read.
/// </summary>
public sealed record CliTerminal(TextWriter Out, TextWriter Error, bool OutIsTerminal);
