using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;

namespace QBroker.Qkd.Theory;

/// <summary>
/// Asymptotic BBM92 key rate per clock cycle, in the form of Ma, Fung and Lo, PRA 76, 012307 (2007), eq. (3):
/// R = q Q [1 - f H2(E) - H2(E)], with the phase error equal to the bit error E (BB84 with an untrusted source,
/// Koashi and Preskill 2003), Q and E from <see cref="EntangledPairModel"/>, and q = (1 - p_test) / 2: half of the
/// key-basis rounds match, and the CHSH test rounds give no key. Negative values are returned as they are.
/// </summary>
public static class EntangledKeyRateTheory
{
    public static double Rate(EntangledPairModel model, double testProbability, double errorCorrectionEfficiency = 1.22)
    {
        var e = model.ErrorRate;
        var h = BinaryEntropy.H2(e);
        return (1 - testProbability) / 2 * model.CoincidenceProbability * (1 - (errorCorrectionEfficiency * h) - h);
    }

    /// <summary>The source in the middle of a link of the given length, both sides with eta_Bob and Y0, no test rounds.</summary>
    public static double Rate(TheoryParameters p, double distanceKm, double meanPairs)
    {
        var arm = p.DetectorEfficiency * Math.Pow(10, -p.LossDbPerKm * distanceKm / 2 / 10);
        var model = new EntangledPairModel(meanPairs, arm, arm, p.BackgroundYield, p.BackgroundYield, p.MisalignmentError);
        return Rate(model, testProbability: 0, p.ErrorCorrectionEfficiency);
    }

    public static double Rate(LinkConfiguration link, double errorCorrectionEfficiency = 1.22) =>
        Rate(EntangledPairModel.FromLink(link), link.EntangledSource.TestProbability, errorCorrectionEfficiency);

    /// <summary>The mean pair number per clock cycle in [1e-4, 1] that maximises the rate.</summary>
    public static double OptimalMeanPairs(LinkConfiguration link, double errorCorrectionEfficiency = 1.22) =>
        RateOptimizer.OptimalIntensity(
            mu => Rate(link with { EntangledSource = link.EntangledSource with { MeanPairsPerPulse = mu } }, errorCorrectionEfficiency)).Intensity;
}
