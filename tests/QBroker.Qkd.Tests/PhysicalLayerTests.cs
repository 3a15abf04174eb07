using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;
using QBroker.Qkd.Randomness;
using QBroker.Qkd.Sifting;
using QBroker.Qkd.Theory;

namespace QBroker.Qkd.Tests;

public sealed class PhysicalLayerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(100)]
    public void Gains_and_error_rates_match_the_analytic_model(double km)
    {
        var link = LinkConfiguration.GobbyYuanShields(km);
        const long Pulses = 200_000_000;
        var events = PhysicalLayer.Simulate(link, Pulses, new DeterministicRandom(17));
        var sifted = Sifter.Sift(events);
        var theory = TheoryParameters.FromLink(link);
        double[] intensities = [link.Source.SignalIntensity, link.Source.DecoyIntensity];
        for (var c = 0; c < 2; c++)
        {
            var expectedGain = KeyRateTheory.Gain(theory, km, intensities[c]);
            var gain = (double)sifted.ClicksPerClass[c] / events.PulsesPerClass[c];
            // Clicks are Binomial(N, Q): standard deviation sqrt(N Q (1 - Q)); allow 5 of them.
            var gainTolerance = 5 * Math.Sqrt(expectedGain * (1 - expectedGain) / events.PulsesPerClass[c]);
            Assert.InRange(gain, expectedGain - gainTolerance, expectedGain + gainTolerance);

            var expectedError = KeyRateTheory.ErrorRate(theory, km, intensities[c]);
            var n = sifted.SiftedCount(c);
            var errorRate = (double)sifted.Errors(c) / n;
            // Errors among n sifted bits are Binomial(n, E), plus the O(Y0 eta mu) model difference (below 1e-6).
            var errorTolerance = (5 * Math.Sqrt(expectedError * (1 - expectedError) / n)) + 1e-6;
            Assert.InRange(errorRate, expectedError - errorTolerance, expectedError + errorTolerance);
        }

        // Vacuum pulses click only through the background: Y0 per pulse.
        var vacuumClicks = sifted.ClicksPerClass[2];
        var expectedVacuum = link.DarkCountProbability * events.PulsesPerClass[2];
        Assert.InRange(vacuumClicks, expectedVacuum - (5 * Math.Sqrt(expectedVacuum)), expectedVacuum + (5 * Math.Sqrt(expectedVacuum)));
    }

    [Fact]
    public void Sifting_keeps_about_half_and_pulse_counts_add_up()
    {
        var link = LinkConfiguration.GobbyYuanShields(20);
        var events = PhysicalLayer.Simulate(link, 50_000_000, new DeterministicRandom(2));
        Assert.Equal(50_000_000, events.TotalPulses);
        var sifted = Sifter.Sift(events);
        long clicks = events.Count;
        long kept = sifted.SiftedCount(0) + sifted.SiftedCount(1) + sifted.SiftedCount(2);
        // Sifting keeps Binomial(clicks, 1/2); allow 5 standard deviations.
        Assert.InRange(kept, (clicks / 2.0) - (2.5 * Math.Sqrt(clicks)), (clicks / 2.0) + (2.5 * Math.Sqrt(clicks)));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(0.2)]
    public void Intercept_resend_raises_the_qber_by_a_quarter_of_the_fraction(double fraction)
    {
        // Single photons and no misalignment or background: QBER = fraction / 4 exactly in expectation.
        var link = new LinkConfiguration
        {
            LengthKm = 10,
            Protocol = QkdProtocol.Bb84,
            Source = SourceSettings.SinglePhoton,
            Misalignment = 0,
            DarkCountProbability = 0,
            Eavesdropper = new EavesdropperSettings(EavesdropperKind.InterceptResend, fraction),
        };
        var sifted = Sifter.Sift(PhysicalLayer.Simulate(link, 10_000_000, new DeterministicRandom(3)));
        var n = sifted.SiftedCount(0);
        var expected = fraction / 4;
        var qber = (double)sifted.Errors(0) / n;
        var tolerance = 5 * Math.Sqrt(expected * (1 - expected) / n);
        Assert.InRange(qber, expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void Intercept_resend_on_weak_pulses_with_misalignment_gives_a_quarter_plus_half_the_misalignment()
    {
        // Eve right basis (1/2): Bob errs with e_det; wrong basis: 1/2. QBER = 1/4 + e_det/2 when all is intercepted.
        var link = LinkConfiguration.GobbyYuanShields(10) with
        {
            Protocol = QkdProtocol.Bb84,
            Source = SourceSettings.SinglePhoton,
            DarkCountProbability = 0,
            Eavesdropper = new EavesdropperSettings(EavesdropperKind.InterceptResend),
        };
        var sifted = Sifter.Sift(PhysicalLayer.Simulate(link, 10_000_000, new DeterministicRandom(4)));
        var n = sifted.SiftedCount(0);
        var expected = 0.25 + (link.Misalignment / 2);
        var tolerance = 5 * Math.Sqrt(expected * (1 - expected) / n);
        Assert.InRange((double)sifted.Errors(0) / n, expected - tolerance, expected + tolerance);
    }

    [Fact]
    public void Photon_number_splitting_keeps_the_signal_gain_but_starves_the_decoy_and_learns_multi_photon_bits()
    {
        var honest = LinkConfiguration.GobbyYuanShields(40);
        var attacked = honest with { Eavesdropper = new EavesdropperSettings(EavesdropperKind.PhotonNumberSplitting) };
        const long Pulses = 200_000_000;
        var honestEvents = PhysicalLayer.Simulate(honest, Pulses, new DeterministicRandom(5));
        var attackedEvents = PhysicalLayer.Simulate(attacked, Pulses, new DeterministicRandom(5));
        double Gain(DetectionEvents e, IntensityClass c) => (double)e.ClicksOfClass(c) / e.PulsesPerClass[(int)c];

        var signalHonest = Gain(honestEvents, IntensityClass.Signal);
        var signalAttacked = Gain(attackedEvents, IntensityClass.Signal);
        // Both are binomial gains over ~1.6e8 pulses: relative standard error below 0.2 %; allow 2 %.
        Assert.InRange(signalAttacked / signalHonest, 0.98, 1.02);
        // The weak decoy is mostly single photons, which Eve blocks: its gain collapses.
        Assert.True(Gain(attackedEvents, IntensityClass.Decoy) < 0.5 * Gain(honestEvents, IntensityClass.Decoy));
        var sifted = Sifter.Sift(attackedEvents);
        var known = sifted.SignalEveKnowsBit.Count(b => b == 1);
        Assert.True(known > 0.95 * sifted.SiftedCount(0), $"Eve knows {known} of {sifted.SiftedCount(0)}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_events()
    {
        var link = LinkConfiguration.GobbyYuanShields(30);
        var a = PhysicalLayer.Simulate(link, 10_000_000, new DeterministicRandom(9));
        var b = PhysicalLayer.Simulate(link, 10_000_000, new DeterministicRandom(9));
        Assert.Equal(a.Count, b.Count);
        Assert.Equal(a.BobBits, b.BobBits);
        Assert.Equal(a.AliceBases, b.AliceBases);
    }
}
