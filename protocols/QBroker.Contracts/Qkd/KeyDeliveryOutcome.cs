namespace QBroker.Contracts.Qkd;

[GenerateSerializer, Alias("qbroker.KeyDeliveryFailure")]
public enum KeyDeliveryFailure
{
    None = 0,

    /// <summary>The request names key ids that are unknown, already delivered or repeated.</summary>
    InvalidRequest = 1,

    /// <summary>Not enough key along any usable path (or too many keys await the slave).</summary>
    Unavailable = 2,
}

/// <summary>Keys delivered, or why none were (nothing is consumed by a failed request).</summary>
[GenerateSerializer, Immutable, Alias("qbroker.KeyDeliveryOutcome")]
public sealed record KeyDeliveryOutcome(
    [property: Id(0)] IReadOnlyList<DeliveredKey> Keys,
    [property: Id(1)] KeyDeliveryFailure Failure,
    [property: Id(2)] string? Message,
    [property: Id(3)] IReadOnlyList<string> Path)
{
    public static KeyDeliveryOutcome Failed(KeyDeliveryFailure failure, string message) => new([], failure, message, []);
}
