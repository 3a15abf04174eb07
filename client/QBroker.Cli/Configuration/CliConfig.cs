namespace QBroker.Cli.Configuration;

/// <summary>What <c>qbroker login</c> stores: the server and the key that works for it.</summary>
public sealed record CliConfig(string Url, string Token);
