namespace QBroker.Contracts.Qkd;

/// <summary>How full a directional key pool is, in bands set by the QKD options' thresholds.</summary>
[GenerateSerializer, Alias("qbroker.KeyPoolState")]
public enum KeyPoolState
{
    /// <summary>At or above the ready threshold.</summary>
    Ready = 0,

    /// <summary>Between the low and the ready threshold: usable, and the link is refilling it.</summary>
    Charging = 1,

    /// <summary>Below the low threshold but not empty.</summary>
    Low = 2,

    /// <summary>Holds no key.</summary>
    Empty = 3,
}
