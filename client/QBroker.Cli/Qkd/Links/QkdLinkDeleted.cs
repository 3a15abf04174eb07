namespace QBroker.Cli.Qkd.Links;

/// <summary><c>qbroker qkd links delete --json</c>: which link was deleted.</summary>
public sealed record QkdLinkDeleted(string Id, bool Deleted);
