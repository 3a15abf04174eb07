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

    public static double Rate(LinkConfiguration link, double errorCorrectionEfficiency = 1.22) =>
        Rate(EntangledPairModel.FromLink(link), link.EntangledSource.TestProbability, errorCorrectionEfficiency);

    /// <summary>The mean pair number per clock cycle that maximises the rate (golden-section search on (0, 1]).</summary>
    public static double OptimalMeanPairs(LinkConfiguration link, double errorCorrectionEfficiency = 1.22)
    {
        double RateAt(double mu) => Rate(link with { EntangledSource = link.EntangledSource with { MeanPairsPerPulse = mu } }, errorCorrectionEfficiency);
        var inverseGolden = (Math.Sqrt(5) - 1) / 2;
        double low = 1e-6, high = 1;
        for (var i = 0; i < 100; i++)
        {
            var left = high - (inverseGolden * (high - low));
            var right = low + (inverseGolden * (high - low));
            if (RateAt(left) < RateAt(right))
            {
                low = left;
            }
            else
            {
                high = right;
            }
        }

        return (low + high) / 2;
    }
}
