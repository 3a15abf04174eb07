using QBroker.Contracts.Qkd;

namespace QBroker.Silo.Qkd;

/// <summary>A QKD link as GET /api/v1/qkd/links shows it (camelCase JSON). Never contains key material.</summary>
public sealed record LinkView(
    string Id,
    string SiteA,
    string SiteB,
    double LengthKm,
    double LossDbPerKm,
    double DetectorEfficiency,
    double DarkCountProbability,
    double Misalignment,
    double ClockRateHz,
    string Status,
    double? Qber,
    double SecureKeyRateBitsPerSecond,
    string? LastAbortReason,
    IReadOnlyList<PoolView> Pools,
    EavesdropperView? Eavesdropper,
    long BlocksRun,
    long BlocksAborted)
{
    public static LinkView From(LinkSnapshot s) => new(
        s.Definition.Id,
        s.Definition.SiteA,
        s.Definition.SiteB,
        s.Definition.LengthKm,
        s.Definition.LossDbPerKm,
        s.Definition.DetectorEfficiency,
        s.Definition.DarkCountProbability,
        s.Definition.Misalignment,
        s.Definition.ClockRateHz,
        s.Aborting ? "aborting" : "active",
        s.Qber,
        s.SecureKeyRateBitsPerSecond,
        s.LastAbortReason,
        [PoolView.Of(s.AToB), PoolView.Of(s.BToA)],
        s.Eavesdropper is null ? null : new EavesdropperView(s.Eavesdropper.Kind, s.Eavesdropper.Fraction),
        s.BlocksRun,
        s.BlocksAborted);
}

/// <summary>One directional pool: key for the master at <see cref="From"/> and the slave at <see cref="To"/>.</summary>
public sealed record PoolView(string From, string To, int StoredBytes, int CapacityBytes, double Level, string State)
{
    public static PoolView Of(KeyPoolSnapshot pool) => new(
        pool.FromSite,
        pool.ToSite,
        pool.StoredBytes,
        pool.CapacityBytes,
        pool.CapacityBytes == 0 ? 0 : (double)pool.StoredBytes / pool.CapacityBytes,
        pool.State.ToString().ToLowerInvariant());
}

public sealed record EavesdropperView(string Kind, double Fraction);
