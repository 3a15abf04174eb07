namespace QBroker.Grains.Scheduling;

/// <summary>
/// One row of <see cref="FairShareReport"/>, with the columns of Slurm's <c>sshare -l</c>.
/// </summary>
/// <param name="RawShares">The shares the node was defined with.</param>
/// <param name="NormalizedShare">S: the product of sibling-normalised shares from the root down to the node.</param>
/// <param name="DecayedUsage">Credits charged to the node and its subtree, decayed to the report time.</param>
/// <param name="NormalizedUsage">U: the decayed usage as a fraction of the root's.</param>
/// <param name="EffectiveUsage">U_E: normalised usage mixed with the parent's effective usage (Slurm Classic).</param>
/// <param name="Factor">F = 2^(-U_E/S/d), in [0,1]; 0.5 means usage matches the share.</param>
public sealed record FairShareNodeReport(
    string Id,
    string? ParentId,
    double RawShares,
    double NormalizedShare,
    double DecayedUsage,
    double NormalizedUsage,
    double EffectiveUsage,
    double Factor);
