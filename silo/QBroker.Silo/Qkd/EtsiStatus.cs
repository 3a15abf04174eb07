using System.Text.Json.Serialization;

namespace QBroker.Silo.Qkd;

/// <summary>ETSI GS QKD 014 V1.1.1 section 6.1, Status.</summary>
public sealed record EtsiStatus(
    [property: JsonPropertyName("source_KME_ID")] string SourceKmeId,
    [property: JsonPropertyName("target_KME_ID")] string TargetKmeId,
    [property: JsonPropertyName("master_SAE_ID")] string MasterSaeId,
    [property: JsonPropertyName("slave_SAE_ID")] string SlaveSaeId,
    [property: JsonPropertyName("key_size")] int KeySize,
    [property: JsonPropertyName("stored_key_count")] int StoredKeyCount,
    [property: JsonPropertyName("max_key_count")] int MaxKeyCount,
    [property: JsonPropertyName("max_key_per_request")] int MaxKeyPerRequest,
    [property: JsonPropertyName("max_key_size")] int MaxKeySize,
    [property: JsonPropertyName("min_key_size")] int MinKeySize,
    [property: JsonPropertyName("max_SAE_ID_count")] int MaxSaeIdCount);
