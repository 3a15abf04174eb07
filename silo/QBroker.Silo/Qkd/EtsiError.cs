using System.Text.Json;
using System.Text.Json.Serialization;

namespace QBroker.Silo.Qkd;

/// <summary>ETSI GS QKD 014 V1.1.1 section 6.5, Error: a message and optional details. Status 400, 401 or 503.</summary>
public sealed record EtsiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details")] IReadOnlyList<Dictionary<string, object>>? Details = null)
{
    public static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public IResult ToResult(int status) => Results.Json(this, Json, "application/json", status);

    public static IResult BadRequest(string message, params (string Key, object Value)[] details) =>
        new EtsiError(message, details.Length == 0 ? null : [.. details.Select(d => new Dictionary<string, object> { [d.Key] = d.Value })]).ToResult(400);

    public static IResult Unauthorized(string message) => new EtsiError(message).ToResult(401);

    public static IResult Unavailable(string message) => new EtsiError(message).ToResult(503);
}
