namespace QBroker.Cli.Output;

/// <summary><c>qbroker logout --json</c>: which config file was meant and whether it existed.</summary>
public sealed record LogoutResult(string ConfigPath, bool Removed);
