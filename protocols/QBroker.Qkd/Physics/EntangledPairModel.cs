using QBroker.Qkd.Links;

namespace QBroker.Qkd.Physics;

/// <summary>
/// Coincidence statistics of a Poisson entangled-pair source with threshold detectors on both sides. Each of the
/// pairs emitted in one clock cycle (mean mu) is seen by Alice with probability eta_A and by Bob with eta_B
/// (fibre and detector), independently, so by Poisson thinning the numbers of pairs seen by both, by Alice only and
/// by Bob only are independent Poisson variables with means mu eta_A eta_B, mu eta_A (1 - eta_B), mu (1 - eta_A) eta_B.
/// A side clicks if it sees a photon or has a background count (Y0). A coincidence is correlated when exactly one
/// pair reached both and nothing else clicked either side; every other coincidence (a photon with a background
/// count, photons of different pairs, double pairs) carries uncorrelated bits (double clicks assigned a random bit,
/// the squashing of Beaumont and Luetkenhaus). Hence:
/// Q = 1 - (1 - Y0A) e^(-mu eta_A) - (1 - Y0B) e^(-mu eta_B) + (1 - Y0A)(1 - Y0B) e^(-mu (eta_A + eta_B - eta_A eta_B)),
/// P_corr = mu eta_A eta_B e^(-mu (eta_A + eta_B - eta_A eta_B)) (1 - Y0A)(1 - Y0B),
/// E = [e_d P_corr + (Q - P_corr) / 2] / Q, with e_d the misalignment (visibility V = 1 - 2 e_d).
/// </summary>
public sealed record EntangledPairModel(
    double MeanPairs, double AliceTransmittance, double BobTransmittance, double AliceBackground, double BobBackground, double Misalignment)
{
    public static EntangledPairModel FromLink(LinkConfiguration link)
    {
        var alice = (link.EntangledSource.AliceDetectorEfficiency ?? link.DetectorEfficiency)
            * Math.Pow(10, -link.LossDbPerKm * link.AliceArmKm / 10);
        var bob = link.DetectorEfficiency * Math.Pow(10, -link.LossDbPerKm * link.BobArmKm / 10);
        return new EntangledPairModel(
            link.EntangledSource.MeanPairsPerPulse, alice, bob, link.DarkCountProbability, link.DarkCountProbability, link.Misalignment);
    }

    /// <summary>Visibility of the pair correlations, V = 1 - 2 e_d.</summary>
    public double Visibility => 1 - (2 * Misalignment);

    /// <summary>Q: probability of a coincidence (both sides click) per clock cycle.</summary>
    public double CoincidenceProbability =>
        1 - ((1 - AliceBackground) * Math.Exp(-MeanPairs * AliceTransmittance))
        - ((1 - BobBackground) * Math.Exp(-MeanPairs * BobTransmittance))
        + ((1 - AliceBackground) * (1 - BobBackground) * Math.Exp(-MeanPairs * EitherSide));

    /// <summary>P_corr: probability per clock cycle of a coincidence from one pair and nothing else.</summary>
    public double CorrelatedProbability =>
        MeanPairs * AliceTransmittance * BobTransmittance * Math.Exp(-MeanPairs * EitherSide)
        * (1 - AliceBackground) * (1 - BobBackground);

    /// <summary>E: the error rate of coincidences measured in the same basis.</summary>
    public double ErrorRate
    {
        get
        {
            var q = CoincidenceProbability;
            return q > 0 ? ((Misalignment * CorrelatedProbability) + (0.5 * (q - CorrelatedProbability))) / q : 0.5;
        }
    }

    /// <summary>
    /// The CHSH value of the coincidences at Alice's 0 and 45 degrees and Bob's +-22.5 degrees: 2 sqrt(2) V for
    /// the correlated fraction, 0 for the rest.
    /// </summary>
    public double ChshValue
    {
        get
        {
            var q = CoincidenceProbability;
            return q > 0 ? 2 * Math.Sqrt(2) * Visibility * CorrelatedProbability / q : 0;
        }
    }

    // Probability that a given pair is seen by at least one side.
    private double EitherSide => AliceTransmittance + BobTransmittance - (AliceTransmittance * BobTransmittance);
}
