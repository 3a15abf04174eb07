using System.Text.Json;
using System.Text.Json.Serialization;
using QBroker.Client.Api;

namespace QBroker.Client;

/// <summary>
/// Source-generated System.Text.Json metadata for every wire model, with the web defaults the API uses
/// (camelCase, case-insensitive read) and, like the API, null members left out. Generated metadata avoids
/// reflection on each call, which matters to the load generator that shares this client.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SubmitJobRequest))]
[JsonSerializable(typeof(JobView))]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(JobResultView))]
[JsonSerializable(typeof(DeviceView))]
[JsonSerializable(typeof(IReadOnlyList<DeviceView>))]
[JsonSerializable(typeof(WhoAmI))]
[JsonSerializable(typeof(UsageView))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(QkdLinkView))]
[JsonSerializable(typeof(IReadOnlyList<QkdLinkView>))]
[JsonSerializable(typeof(CreateQkdLinkRequest))]
[JsonSerializable(typeof(QkdLinkPatch))]
public sealed partial class QBrokerJsonContext : JsonSerializerContext;
