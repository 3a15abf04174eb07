namespace QBroker.Grains.Telemetry;

/// <summary>
/// The <c>http.request.method</c> label of an ETSI GS QKD 014 request. The method is counted before authentication, so
/// any caller could invent values; as the OpenTelemetry HTTP conventions prescribe, only known methods are kept and every
/// other one becomes <see cref="Other"/>. Known here are the two the standard's API uses, GET and POST (compared
/// case-sensitively, as the conventions say: "get" is not GET).
/// </summary>
public static class HttpMethodLabel
{
    public const string Other = "_OTHER";

    public static string Of(string method) => method is "GET" or "POST" ? method : Other;
}
