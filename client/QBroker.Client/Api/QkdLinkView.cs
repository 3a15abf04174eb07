namespace QBroker.Client.Api;

/// <summary>A QKD link as <c>GET /api/v1/qkd/links</c> shows it: physics, last block's figures, both pools, eavesdropper.</summary>
public sealed record QkdLinkView
{
    public required string Id { get; init; }
    public required string SiteA { get; init; }
    public required string SiteB { get; init; }
    public double LengthKm { get; init; }
    public double LossDbPerKm { get; init; }
    public double DetectorEfficiency { get; init; }
    public double DarkCountProbability { get; init; }
    public double Misalignment { get; init; }
    public double ClockRateHz { get; init; }

    /// <summary>active, or aborting when the last protocol session aborted (relays then route around the link).</summary>
    public required string Status { get; init; }

    /// <summary>QBER estimated by the last session; null before the first one.</summary>
    public double? Qber { get; init; }
    public double SecureKeyRateBitsPerSecond { get; init; }
    public string? LastAbortReason { get; init; }

    /// <summary>Site A to site B first, then B to A.</summary>
    public IReadOnlyList<QkdPoolView> Pools { get; init; } = [];
    public QkdEavesdropperView? Eavesdropper { get; init; }
    public long BlocksRun { get; init; }
    public long BlocksAborted { get; init; }
}
