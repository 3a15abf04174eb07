using System.Text.Json;
using System.Text.Json.Serialization;
using QBroker.Cli.Configuration;
using QBroker.Cli.Qkd.Links;

namespace QBroker.Cli.Output;

/// <summary>
/// JSON metadata for what only the CLI writes: its config file, <c>logout --json</c> and <c>qkd links delete --json</c>. API shapes printed by
/// <c>--json</c> use the client's <c>QBrokerJsonContext</c>, so they are exactly what the client reads.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CliConfig))]
[JsonSerializable(typeof(LogoutResult))]
[JsonSerializable(typeof(QkdLinkDeleted))]
public sealed partial class CliJsonContext : JsonSerializerContext;
