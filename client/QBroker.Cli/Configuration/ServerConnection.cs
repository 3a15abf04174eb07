namespace QBroker.Cli.Configuration;

/// <summary>The server to talk to and the key to present, after every source has been weighed.</summary>
public sealed record ServerConnection(Uri Url, string Token);
