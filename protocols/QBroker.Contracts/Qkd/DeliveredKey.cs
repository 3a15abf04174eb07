namespace QBroker.Contracts.Qkd;

/// <summary>One key as handed to an SAE: its id and its bytes.</summary>
[GenerateSerializer, Immutable, Alias("qbroker.DeliveredKey")]
public sealed record DeliveredKey(
    [property: Id(0)] Guid KeyId,
    [property: Id(1)] byte[] Key);
