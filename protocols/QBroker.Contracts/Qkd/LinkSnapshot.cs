namespace QBroker.Contracts.Qkd;

/// <summary>
/// What a link shows operators: its definition, the last block's QBER and secure key rate, whether that block
/// aborted and why, both directional pools and the eavesdropper if any. Never contains key material.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.LinkSnapshot")]
public sealed record LinkSnapshot(
    [property: Id(0)] LinkDefinition Definition,
    [property: Id(1)] double? Qber,
    [property: Id(2)] double SecureKeyRateBitsPerSecond,
    [property: Id(3)] string? LastAbortReason,
    [property: Id(4)] KeyPoolSnapshot AToB,
    [property: Id(5)] KeyPoolSnapshot BToA,
    [property: Id(6)] EavesdropperSpec? Eavesdropper,
    [property: Id(7)] long BlocksRun,
    [property: Id(8)] long BlocksAborted)
{
    /// <summary>The last block aborted (QBER alarm, too few detections, ...): relays route around the link.</summary>
    public bool Aborting => LastAbortReason is not null;

    public KeyPoolSnapshot PoolFrom(string site) => site == Definition.SiteA ? AToB : site == Definition.SiteB ? BToA
        : throw new ArgumentException($"Link {Definition.Id} does not end at site '{site}'.", nameof(site));
}
