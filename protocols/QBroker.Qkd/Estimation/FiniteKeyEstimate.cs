using QBroker.Qkd.Links;

namespace QBroker.Qkd.Estimation;

/// <summary>
/// What parameter estimation concludes from a link's counts: the QBER bound, the decoy-state bounds (decoy protocol)
/// and the lower bound on the signal gain (GLLP), and from them the secret key length for a given leak. The session
/// and the finite-size prediction both use it, so a simulated key length and a predicted one differ only by the
/// counts they start from.
/// </summary>
public sealed class FiniteKeyEstimate
{
    private readonly LinkConfiguration _link;
    private readonly EstimationCounts _counts;

    public FiniteKeyEstimate(LinkConfiguration link, EstimationCounts counts)
    {
        _link = link;
        _counts = counts;
        var epsilon = link.PostProcessing.SecurityEpsilon;
        var deviations = StatisticalBounds.StandardDeviationsFor(epsilon);
        QberUpperBound = counts.SampledQber + StatisticalBounds.SamplingDeviation(counts.KeyBits, counts.SampleBits, epsilon);
        Decoy = link.Protocol == QkdProtocol.DecoyStateBb84
            ? DecoyStateEstimator.Estimate(
                link.Source.SignalIntensity,
                link.Source.DecoyIntensity,
                counts.PulsesPerClass,
                counts.ClicksPerClass,
                counts.SiftedPerClass,
                [counts.SampledQber * counts.SiftedPerClass[0], counts.DecoyErrors, counts.VacuumErrors],
                deviations)
            : null;
        SignalGainLower = StatisticalBounds.RateLower(counts.ClicksPerClass[0], counts.PulsesPerClass[0], deviations);
    }

    /// <summary>Sampled QBER plus the finite-size deviation: the bound used for the phase error.</summary>
    public double QberUpperBound { get; }

    public DecoyBounds? Decoy { get; }

    /// <summary>Lower bound on the signal gain Q_mu, which GLLP's multi-photon fraction is taken against.</summary>
    public double SignalGainLower { get; }

    /// <summary>The secret key length bound (may be negative) for the bits leaked and the correctness parameter.</summary>
    public double KeyLength(double leakedBits, double correctnessEpsilon) => SecureKeyLength.Compute(
        _link.Protocol,
        _counts.KeyBits,
        _counts.SampleBits,
        _counts.SampledQber,
        leakedBits,
        _link.PostProcessing.SecurityEpsilon,
        correctnessEpsilon,
        _link.Source.SignalIntensity,
        SignalGainLower,
        Decoy);
}
