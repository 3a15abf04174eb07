using System.Text.Json.Serialization;

namespace QBroker.Silo.Qkd;

/// <summary>ETSI GS QKD 014 V1.1.1 section 6.3, Key container: keys with their UUIDs, key bytes in base64.</summary>
public sealed record EtsiKeyContainer([property: JsonPropertyName("keys")] IReadOnlyList<EtsiKey> Keys);

public sealed record EtsiKey(
    [property: JsonPropertyName("key_ID")] string KeyId,
    [property: JsonPropertyName("key")] string Key);
