using QBroker.Qkd.Estimation;
using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;
using QBroker.Qkd.Sifting;

namespace QBroker.Qkd.Theory;

/// <summary>
/// The counts an honest link is expected to give for a number of pulses: each class's share of the pulses, its gain
/// and error rate from the formulas of Ma et al. (see <see cref="KeyRateTheory"/>; BBM92: <see cref="EntangledPairModel"/>),
/// half of the clicks sifted (BBM92: the key-basis rounds), and the sample the session would draw. Fed to
/// <see cref="FiniteKeyEstimate"/> it gives the finite-size key length a session of that size should reach.
/// </summary>
public static class ExpectedCounts
{
    public static EstimationCounts For(LinkConfiguration link, long pulses)
    {
        if (link.Eavesdropper is not null)
        {
            throw new ArgumentException("Expected counts are for an honest link: remove the eavesdropper.", nameof(link));
        }

        var gains = new double[Sifter.ClassCount];
        var errorRates = new double[Sifter.ClassCount];
        var classShares = new double[Sifter.ClassCount];
        var siftedShare = 0.5;
        if (link.Protocol == QkdProtocol.Bbm92)
        {
            var pairs = EntangledPairModel.FromLink(link);
            classShares[0] = 1;
            gains[0] = pairs.CoincidenceProbability;
            errorRates[0] = pairs.ErrorRate;
            siftedShare = (1 - link.EntangledSource.TestProbability) / 2;
        }
        else
        {
            var parameters = TheoryParameters.FromLink(link);
            var source = link.Source;
            classShares = [source.SignalProbability, source.DecoyProbability, source.VacuumProbability];
            double[] intensities = [source.SignalIntensity, source.DecoyIntensity, source.VacuumIntensity];
            for (var c = 0; c < Sifter.ClassCount; c++)
            {
                (gains[c], errorRates[c]) = source.Kind == SourceKind.SinglePhoton
                    ? (KeyRateTheory.SinglePhotonYield(parameters, link.LengthKm), KeyRateTheory.SinglePhotonErrorRate(parameters, link.LengthKm))
                    : (KeyRateTheory.Gain(parameters, link.LengthKm, intensities[c]), KeyRateTheory.ErrorRate(parameters, link.LengthKm, intensities[c]));
            }
        }

        var pulsesPerClass = classShares.Select(share => (long)Math.Round(pulses * share)).ToArray();
        var clicks = pulsesPerClass.Select((n, c) => (long)Math.Round(n * gains[c])).ToArray();
        var sifted = clicks.Select(n => (long)Math.Round(n * siftedShare)).ToArray();
        var sampleBits = (int)Math.Round(link.PostProcessing.SampleFraction * sifted[0]);
        return new EstimationCounts(
            pulsesPerClass,
            clicks,
            sifted,
            (long)Math.Round(sifted[1] * errorRates[1]),
            (long)Math.Round(sifted[2] * errorRates[2]),
            sampleBits,
            (int)Math.Round(sampleBits * errorRates[0]));
    }
}
