using QBroker.Qkd.Estimation;
using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;
using QBroker.Qkd.Randomness;
using QBroker.Qkd.Sessions;
using QBroker.Qkd.Sifting;
using QBroker.Qkd.Theory;

namespace QBroker.Qkd.Tests;

public sealed class Bbm92Tests
{
    // Every statistical check below allows 4 standard deviations of the quantity it checks (computed from the sample
    // size at hand), so an honest implementation fails one of them with probability below 1e-4 per assertion.
    private const double Sigmas = 4;

    /// <summary>A bright-enough 20 km BBM92 link with the source mid-link; other tests reuse it.</summary>
    internal static readonly LinkConfiguration Link20 = new()
    {
        LengthKm = 20,
        Protocol = QkdProtocol.Bbm92,
        Misalignment = 0.02,
        DetectorEfficiency = 0.2,
        DarkCountProbability = 1e-5,
        EntangledSource = new EntangledSourceSettings { MeanPairsPerPulse = 0.1 },
    };

    [Fact]
    public void Closed_form_coincidence_and_correlated_rates_match_a_pair_by_pair_monte_carlo()
    {
        // Bright, lossy enough for multi-pair and background coincidences to matter: the thinning argument of the
        // model is checked against drawing every pair and every photon.
        var model = new EntangledPairModel(0.4, 0.5, 0.3, 0.02, 0.01, 0.0);
        var random = new DeterministicRandom(21);
        const int Pulses = 200_000;
        long coincidences = 0;
        long correlated = 0;
        for (var p = 0; p < Pulses; p++)
        {
            var pairs = Poisson(random, model.MeanPairs);
            int both = 0, aliceOnly = 0, bobOnly = 0;
            for (var k = 0; k < pairs; k++)
            {
                var a = random.NextDouble() < model.AliceTransmittance;
                var b = random.NextDouble() < model.BobTransmittance;
                both += a && b ? 1 : 0;
                aliceOnly += a && !b ? 1 : 0;
                bobOnly += !a && b ? 1 : 0;
            }

            var aliceDark = random.NextDouble() < model.AliceBackground;
            var bobDark = random.NextDouble() < model.BobBackground;
            var aliceClick = both + aliceOnly > 0 || aliceDark;
            var bobClick = both + bobOnly > 0 || bobDark;
            coincidences += aliceClick && bobClick ? 1 : 0;
            correlated += both == 1 && aliceOnly == 0 && bobOnly == 0 && !aliceDark && !bobDark ? 1 : 0;
        }

        AssertBinomial(coincidences, Pulses, model.CoincidenceProbability);
        AssertBinomial(correlated, Pulses, model.CorrelatedProbability);
    }

    [Fact]
    public void Simulated_coincidences_qber_and_chsh_value_agree_with_the_model()
    {
        var model = EntangledPairModel.FromLink(Link20);
        const long Pulses = 200_000_000;
        var events = EntangledPhysicalLayer.Simulate(Link20, Pulses, new DeterministicRandom(22));
        AssertBinomial(events.Count, Pulses, model.CoincidenceProbability);

        var sifted = Sifter.Sift(events);
        var keyBits = sifted.SiftedCount(0);
        // Key-basis rounds match half the time: (1 - p_test) / 2 of the coincidences.
        AssertBinomial(keyBits, events.Count, (1 - Link20.EntangledSource.TestProbability) / 2);
        AssertBinomial(sifted.Errors(0), keyBits, model.ErrorRate);

        var chsh = ChshEstimator.Estimate(events);
        Assert.InRange(chsh.Value, model.ChshValue - (Sigmas * chsh.StandardError), model.ChshValue + (Sigmas * chsh.StandardError));
        Assert.True(chsh.ViolatesBellInequality(Sigmas), $"S = {chsh.Value} +- {chsh.StandardError}");
        // 2 sqrt(2) V = 2.72 shrinks by the uncorrelated share of the coincidences (multi-pair and background).
        Assert.InRange(model.ChshValue, 2, 2 * Math.Sqrt(2) * model.Visibility);
    }

    [Fact]
    public void Intercept_resend_drops_the_chsh_value_below_two_and_raises_the_qber_to_a_quarter()
    {
        var link = Link20 with { Eavesdropper = new EavesdropperSettings(EavesdropperKind.InterceptResend) };
        var model = EntangledPairModel.FromLink(link);
        var events = EntangledPhysicalLayer.Simulate(link, 200_000_000, new DeterministicRandom(23));
        var sifted = Sifter.Sift(events);

        // Eve's basis matches half the time (error e_d), otherwise Alice's outcome is random (error 1/2):
        // 1/4 + e_d / 2 for correlated coincidences, 1/2 for the rest.
        var correlatedShare = model.CorrelatedProbability / model.CoincidenceProbability;
        var expectedQber = (correlatedShare * (0.25 + (link.Misalignment / 2))) + ((1 - correlatedShare) * 0.5);
        AssertBinomial(sifted.Errors(0), sifted.SiftedCount(0), expectedQber);

        // The correlation becomes cos 2(a - e) V cos 2(b - e), averaged over Eve's two bases: half the honest value.
        var chsh = ChshEstimator.Estimate(events);
        var expectedS = model.ChshValue / 2;
        Assert.InRange(chsh.Value, expectedS - (Sigmas * chsh.StandardError), expectedS + (Sigmas * chsh.StandardError));
        Assert.False(chsh.ViolatesBellInequality(0));

        var result = new QkdSession(link).Run(24, 200_000_000);
        Assert.Equal(AbortReason.QberAboveThreshold, result.Report.AbortReason);
        Assert.Empty(result.AliceKey);
    }

    [Fact]
    public void A_session_without_a_bell_violation_aborts_even_below_the_qber_threshold()
    {
        // Visibility 0.6 (e_d = 20 %) is fixed below by the threshold; a visibility of 0.66 keeps the QBER at 17 % yet
        // S = 2 sqrt(2) 0.66 = 1.87: raise the threshold past it to reach the Bell check.
        var link = Link20 with
        {
            Misalignment = 0.17,
            PostProcessing = new PostProcessingSettings { QberAbortThreshold = 0.3 },
        };
        var result = new QkdSession(link).Run(25, 100_000_000);
        Assert.Equal(AbortReason.NoBellViolation, result.Report.AbortReason);
        Assert.NotNull(result.Report.Chsh);
        Assert.True(result.Report.Chsh!.Value < 2);
        Assert.Empty(result.AliceKey);
    }

    [Fact]
    public void Sessions_give_identical_keys_below_the_asymptotic_rate_with_perfect_error_correction()
    {
        var session = new QkdSession(Link20);
        for (ulong seed = 1; seed <= 3; seed++)
        {
            var result = session.Run(seed, 200_000_000);
            Assert.False(result.Report.Aborted, result.Report.AbortReason.ToString());
            Assert.Equal(result.AliceKey, result.BobKey);
            Assert.NotEmpty(result.AliceKey);
            Assert.True(result.Report.Chsh!.Value > 2);
            // Finite-size sampling, Cascade's leak and the security terms only take away from the asymptotic rate at
            // f = 1, and the sampling fraction discloses a tenth of the key bits outright.
            var ceiling = EntangledKeyRateTheory.Rate(Link20, errorCorrectionEfficiency: 1);
            Assert.InRange(result.Report.KeyRatePerPulse, 0.3 * ceiling, ceiling);
        }
    }

    [Fact]
    public void Optimal_brightness_beats_brighter_and_dimmer_sources()
    {
        var best = EntangledKeyRateTheory.OptimalMeanPairs(Link20);
        double At(double mu) => EntangledKeyRateTheory.Rate(Link20 with { EntangledSource = new EntangledSourceSettings { MeanPairsPerPulse = mu } });
        Assert.InRange(best, 0.01, 1);
        Assert.True(At(best) > At(best * 2));
        Assert.True(At(best) > At(best / 2));
    }

    [Fact]
    public void Rate_falls_with_distance_and_the_source_sits_in_the_middle_by_default()
    {
        Assert.Equal(10, Link20.AliceArmKm);
        Assert.Equal(10, Link20.BobArmKm);
        var near = EntangledKeyRateTheory.Rate(Link20);
        var far = EntangledKeyRateTheory.Rate(Link20 with { LengthKm = 60 });
        Assert.True(near > far && far > 0, $"{near} vs {far}");
    }

    [Fact]
    public void Bound_form_matches_the_link_form_with_the_source_in_the_middle_and_no_test_rounds()
    {
        var parameters = new TheoryParameters { DetectorEfficiency = 0.2, BackgroundYield = 1e-5, MisalignmentError = 0.02 };
        var link = Link20 with { EntangledSource = new EntangledSourceSettings { MeanPairsPerPulse = 0.07, TestProbability = 0 } };
        Assert.Equal(EntangledKeyRateTheory.Rate(link), KeyRateTheory.Rate(KeyRateBound.Bbm92, parameters, 20, 0.07, 0), 12);
    }

    private static void AssertBinomial(long successes, long trials, double probability)
    {
        var mean = trials * probability;
        var sd = Math.Sqrt(trials * probability * (1 - probability));
        Assert.InRange(successes, mean - (Sigmas * sd), mean + (Sigmas * sd));
    }

    private static int Poisson(DeterministicRandom random, double mean)
    {
        // Inversion: few pairs per pulse, so the loop is short.
        var u = random.NextDouble();
        var term = Math.Exp(-mean);
        var cumulative = term;
        var k = 0;
        while (u > cumulative)
        {
            k++;
            term *= mean / k;
            cumulative += term;
        }

        return k;
    }
}
