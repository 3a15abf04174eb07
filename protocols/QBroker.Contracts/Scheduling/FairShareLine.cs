namespace QBroker.Contracts.Scheduling;

/// <summary>
/// One node of the fair-share tree as the scheduler sees it now (the columns of Slurm's sshare): raw and normalised
/// shares, decayed usage in credits and as a fraction of all usage, effective usage, and the factor F in [0, 1].
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.FairShareLine")]
public sealed record FairShareLine(
    [property: Id(0)] string NodeId,
    [property: Id(1)] string? ParentId,
    [property: Id(2)] double RawShares,
    [property: Id(3)] double NormalizedShare,
    [property: Id(4)] double DecayedUsage,
    [property: Id(5)] double NormalizedUsage,
    [property: Id(6)] double EffectiveUsage,
    [property: Id(7)] double Factor);
