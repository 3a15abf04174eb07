using QBroker.Qkd.Links;

namespace QBroker.Qkd.Theory;

/// <summary>
/// Link parameters of the asymptotic key-rate formulas. Defaults: the Gobby-Yuan-Shields set of Ma, Qi, Zhao and Lo,
/// PRA 72, 012326 (2005), Table I, with error-correction inefficiency f = 1.22 and sifting factor q = 1/2.
/// </summary>
public sealed record TheoryParameters
{
    public double LossDbPerKm { get; init; } = 0.21;

    public double MisalignmentError { get; init; } = 0.033;

    public double BackgroundYield { get; init; } = 1.7e-6;

    public double DetectorEfficiency { get; init; } = 0.045;

    public double ErrorCorrectionEfficiency { get; init; } = 1.22;

    /// <summary>q: the fraction of detections kept by sifting (1/2 for BB84 with symmetric bases).</summary>
    public double SiftingFactor { get; init; } = 0.5;

    public static TheoryParameters GobbyYuanShields { get; } = new();

    public static TheoryParameters FromLink(LinkConfiguration link, double errorCorrectionEfficiency = 1.22) => new()
    {
        LossDbPerKm = link.LossDbPerKm,
        MisalignmentError = link.Misalignment,
        BackgroundYield = link.DarkCountProbability,
        DetectorEfficiency = link.DetectorEfficiency,
        ErrorCorrectionEfficiency = errorCorrectionEfficiency,
    };
}
