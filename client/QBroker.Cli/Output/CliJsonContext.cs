using System.Text.Json;
using System.Text.Json.Serialization;
using QBroker.Cli.Configuration;
using QBroker.Client.Api;

namespace QBroker.Cli.Output;

/// <summary>
/// JSON metadata for what the CLI prints with <c>--json</c> and stores in its config file. Web defaults, like the
/// API, so <c>--json</c> output has the API's camelCase shapes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JobView))]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(JobResultView))]
[JsonSerializable(typeof(DeviceView))]
[JsonSerializable(typeof(IReadOnlyList<DeviceView>))]
[JsonSerializable(typeof(WhoAmI))]
[JsonSerializable(typeof(CliConfig))]
[JsonSerializable(typeof(LogoutResult))]
public sealed partial class CliJsonContext : JsonSerializerContext;
