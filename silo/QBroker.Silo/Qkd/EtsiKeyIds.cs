using System.Text.Json.Serialization;

namespace QBroker.Silo.Qkd;

/// <summary>ETSI GS QKD 014 V1.1.1 section 6.4, Key IDs.</summary>
public sealed record EtsiKeyIds([property: JsonPropertyName("key_IDs")] IReadOnlyList<EtsiKeyId>? KeyIds);

public sealed record EtsiKeyId([property: JsonPropertyName("key_ID")] string? KeyId);
