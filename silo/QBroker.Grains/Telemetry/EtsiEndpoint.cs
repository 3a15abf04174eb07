namespace QBroker.Grains.Telemetry;

/// <summary>
/// The endpoint label of an ETSI GS QKD 014 request: one of the standard's three operations, or "other" for any other
/// path under /api/v1/keys, so a caller cannot create label values by inventing paths.
/// </summary>
public static class EtsiEndpoint
{
    public const string Status = "status";
    public const string EncKeys = "enc_keys";
    public const string DecKeys = "dec_keys";
    public const string Other = "other";

    /// <summary>The label of a path below /api/v1/keys: its last segment when it names an operation.</summary>
    public static string Of(string remainingPath)
    {
        var segments = remainingPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is [_, var operation] && operation is Status or EncKeys or DecKeys ? operation : Other;
    }
}
