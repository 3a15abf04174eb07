using System.Text.Json;
using System.Text.Json.Serialization;

namespace QBroker.Silo.Qkd;

/// <summary>ETSI GS QKD 014 V1.1.1 section 6.2, Key request. Every field is optional.</summary>
public sealed record EtsiKeyRequest(
    [property: JsonPropertyName("number")] int? Number,
    [property: JsonPropertyName("size")] int? Size,
    [property: JsonPropertyName("additional_slave_SAE_IDs")] IReadOnlyList<string>? AdditionalSlaveSaeIds,
    [property: JsonPropertyName("extension_mandatory")] IReadOnlyList<JsonElement>? ExtensionMandatory,
    [property: JsonPropertyName("extension_optional")] IReadOnlyList<JsonElement>? ExtensionOptional);
