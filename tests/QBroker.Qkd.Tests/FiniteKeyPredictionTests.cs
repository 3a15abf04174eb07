using QBroker.Qkd.Estimation;
using QBroker.Qkd.Links;
using QBroker.Qkd.Sessions;
using QBroker.Qkd.Theory;

namespace QBroker.Qkd.Tests;

/// <summary>
/// Simulated sessions against the prediction from expected counts: the same finite-size formula
/// (<see cref="FiniteKeyEstimate"/>) fed with what the link should give on average (<see cref="ExpectedCounts"/>).
/// Tolerances come from the sample sizes of the run.
/// </summary>
public sealed class FiniteKeyPredictionTests
{
    // Every comparison allows 5 standard deviations of the simulated figure, so a correct simulator fails one with
    // probability below 6e-7 (normal tail), and a model error of a few standard deviations still shows.
    private const double Sigmas = 5;

    [Theory]
    [InlineData(10, 100_000_000)]
    [InlineData(25, 200_000_000)]
    [InlineData(50, 600_000_000)]
    public void Simulated_gains_qber_and_key_length_agree_with_the_finite_size_prediction(double km, long pulses)
    {
        var link = LinkConfiguration.GobbyYuanShields(km);
        var report = new QkdSession(link).Run((ulong)km, pulses).Report;
        Assert.False(report.Aborted, report.AbortReason.ToString());
        var expected = ExpectedCounts.For(link, pulses);

        // Gains: clicks of a class are Binomial(N_c, Q_c), so the observed gain has sd sqrt(Q_c (1 - Q_c) / N_c).
        AssertWithin(report.Decoy!.SignalGain, Rate(expected, 0), BinomialRateDeviation(Rate(expected, 0), expected.PulsesPerClass[0]));
        AssertWithin(report.Decoy.DecoyGain, Rate(expected, 1), BinomialRateDeviation(Rate(expected, 1), expected.PulsesPerClass[1]));
        // QBER: the sample's errors are hypergeometric within the sifted bits, which are Binomial(k, E_mu) overall;
        // sd sqrt(E (1 - E) / k) with the run's sample size k.
        AssertWithin(report.EstimatedQber, expected.SampledQber, BinomialRateDeviation(expected.SampledQber, report.SampleBits));

        // Key length: the prediction uses the session's own leak and correctness parameter (Cascade's disclosure is a
        // property of the reconciler, measured elsewhere), so the two differ only through the estimation counts.
        var predicted = new FiniteKeyEstimate(link, expected).KeyLength(report.LeakedBits, report.CorrectnessEpsilon);
        var deviation = KeyLengthDeviation(link, expected, report.LeakedBits, report.CorrectnessEpsilon);
        Assert.True(predicted > 0, $"predicted {predicted:F0}");
        // A tolerance wider than a fifth of the key would let a wrong bound through: the run must be big enough.
        Assert.True(Sigmas * deviation < 0.2 * predicted, $"sd {deviation:F0} of a predicted {predicted:F0} bits");
        AssertWithin(report.KeyLengthBound, predicted, deviation);
    }

    [Fact]
    public void Expected_counts_follow_the_class_shares_gains_and_sample_fraction()
    {
        var link = LinkConfiguration.GobbyYuanShields(25);
        var counts = ExpectedCounts.For(link, 1_000_000_000);
        Assert.Equal(new long[] { 800_000_000, 150_000_000, 50_000_000 }, counts.PulsesPerClass);
        var parameters = TheoryParameters.FromLink(link);
        Assert.Equal(KeyRateTheory.Gain(parameters, 25, 0.48), Rate(counts, 0), 8);
        Assert.Equal(link.DarkCountProbability, Rate(counts, 2), 8);
        Assert.Equal(Math.Round(counts.ClicksPerClass[0] * 0.5), counts.SiftedPerClass[0]);
        Assert.Equal(Math.Round(0.1 * counts.SiftedPerClass[0]), counts.SampleBits);
        Assert.Equal(KeyRateTheory.ErrorRate(parameters, 25, 0.48), counts.SampledQber, 4);
        Assert.Throws<ArgumentException>(() => ExpectedCounts.For(
            link with { Eavesdropper = new EavesdropperSettings(EavesdropperKind.InterceptResend) }, 1000));
    }

    private static double Rate(EstimationCounts counts, int intensityClass) =>
        (double)counts.ClicksPerClass[intensityClass] / counts.PulsesPerClass[intensityClass];

    private static double BinomialRateDeviation(double p, long trials) => Math.Sqrt(p * (1 - p) / trials);

    private static void AssertWithin(double simulated, double predicted, double deviation) =>
        Assert.InRange(simulated, predicted - (Sigmas * deviation), predicted + (Sigmas * deviation));

    /// <summary>
    /// Standard deviation of the key length a session computes, by the delta method. A session's counts arise in
    /// stages, each binomial given the one before: clicks_c ~ Bin(N_c, Q_c), sifted_c ~ Bin(clicks_c, 1/2), errors of
    /// the disclosed decoy and vacuum bits ~ Bin(sifted_c, E_c), sample errors ~ Bin(k, E_mu) with k the sampled
    /// share of the sifted signal bits. Written as its conditional mean plus a zero-mean innovation, each count
    /// depends on innovations that are uncorrelated with each other, so to first order
    /// Var(l) = sum_i (dl/dx_i)^2 Var(x_i) over the nine innovations x_i. Each derivative is a central difference of
    /// one standard deviation carried through every later stage (a click more is also half a sifted bit more, a
    /// larger sample, and so on). The pulses per class (multinomial) are left out: the bounds use rates per pulse
    /// sent, whose spread the click innovations already carry to within a factor 1 + Q_c, below 1.01 here.
    /// </summary>
    private static double KeyLengthDeviation(LinkConfiguration link, EstimationCounts expected, double leak, double correctness)
    {
        var pulses = expected.PulsesPerClass;
        var gains = Enumerable.Range(0, 3).Select(c => Rate(expected, c)).ToArray();
        var decoyErrorRate = (double)expected.DecoyErrors / expected.SiftedPerClass[1];
        var vacuumErrorRate = (double)expected.VacuumErrors / expected.SiftedPerClass[2];
        var signalErrorRate = expected.SampledQber;
        var fraction = link.PostProcessing.SampleFraction;

        EstimationCounts Counts(double[] x)
        {
            var clicks = new double[3];
            var sifted = new double[3];
            for (var c = 0; c < 3; c++)
            {
                clicks[c] = (pulses[c] * gains[c]) + x[c];
                sifted[c] = (clicks[c] / 2) + x[3 + c];
            }

            var sample = (int)Math.Round(fraction * sifted[0]);
            return new EstimationCounts(
                pulses,
                [.. clicks.Select(v => (long)Math.Round(v))],
                [.. sifted.Select(v => (long)Math.Round(v))],
                (long)Math.Round((sifted[1] * decoyErrorRate) + x[6]),
                (long)Math.Round((sifted[2] * vacuumErrorRate) + x[7]),
                sample,
                (int)Math.Round((sample * signalErrorRate) + x[8]));
        }

        double KeyLength(double[] x) => new FiniteKeyEstimate(link, Counts(x)).KeyLength(leak, correctness);

        var deviations = new double[9];
        for (var c = 0; c < 3; c++)
        {
            var clicks = pulses[c] * gains[c];
            deviations[c] = Math.Sqrt(clicks * (1 - gains[c]));
            deviations[3 + c] = Math.Sqrt(clicks / 4);
        }

        deviations[6] = Math.Sqrt(expected.SiftedPerClass[1] * decoyErrorRate * (1 - decoyErrorRate));
        deviations[7] = Math.Sqrt(expected.SiftedPerClass[2] * vacuumErrorRate * (1 - vacuumErrorRate));
        deviations[8] = Math.Sqrt(expected.SampleBits * signalErrorRate * (1 - signalErrorRate));

        var variance = 0.0;
        for (var i = 0; i < deviations.Length; i++)
        {
            var up = new double[9];
            var down = new double[9];
            up[i] = deviations[i];
            down[i] = -deviations[i];
            var slope = (KeyLength(up) - KeyLength(down)) / 2;
            variance += slope * slope;
        }

        return Math.Sqrt(variance);
    }
}
