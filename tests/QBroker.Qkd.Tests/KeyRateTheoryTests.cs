using QBroker.Qkd.Theory;

namespace QBroker.Qkd.Tests;

/// <summary>
/// Reference numbers from the team's QKD note, section (c).1 (GYS parameters, computed from Ma et al. 2005): rates to
/// 0.2 % (the note prints five significant figures), distances to 0.1 km (the note prints one decimal).
/// </summary>
public sealed class KeyRateTheoryTests
{
    private static readonly TheoryParameters Gys = TheoryParameters.GobbyYuanShields;

    [Theory]
    [InlineData(0, 2.5534e-3)]
    [InlineData(50, 2.2228e-4)]
    [InlineData(100, 1.7146e-5)]
    public void Infinite_decoy_rate_at_mu_half_matches_reference(double km, double expected) =>
        AssertRelative(expected, KeyRateTheory.InfiniteDecoy(Gys, km, 0.5), 2e-3);

    [Theory]
    [InlineData(0, 2.2699e-3)]
    [InlineData(50, 1.9627e-4)]
    [InlineData(100, 1.4822e-5)]
    public void Vacuum_weak_decoy_rate_matches_reference(double km, double expected) =>
        AssertRelative(expected, KeyRateTheory.VacuumWeakDecoy(Gys, km, 0.48, 0.1), 2e-3);

    [Theory]
    [InlineData(0, 2.4142e-3)]
    [InlineData(50, 2.0962e-4)]
    [InlineData(100, 1.6020e-5)]
    public void Vacuum_weak_decoy_with_nu_005_matches_reference(double km, double expected) =>
        AssertRelative(expected, KeyRateTheory.VacuumWeakDecoy(Gys, km, 0.48, 0.05), 2e-3);

    [Theory]
    [InlineData(0, 2.5549e-3, 0.486)]
    [InlineData(50, 2.2260e-4, 0.479)]
    [InlineData(100, 1.7186e-5, 0.475)]
    public void Optimal_intensity_for_infinite_decoys_matches_reference(double km, double expectedRate, double expectedMu)
    {
        var (mu, rate) = RateOptimizer.OptimalIntensity(m => KeyRateTheory.InfiniteDecoy(Gys, km, m));
        AssertRelative(expectedRate, rate, 2e-3);
        Assert.InRange(mu, expectedMu - 0.002, expectedMu + 0.002);
    }

    [Theory]
    [InlineData(0.1, 139.1)]
    [InlineData(0.05, 140.6)]
    [InlineData(0.2, 135.6)]
    [InlineData(0.01, 141.7)]
    public void Vacuum_weak_decoy_maximum_distance_matches_reference(double nu, double expectedKm)
    {
        var distance = RateOptimizer.MaximumDistance(km => KeyRateTheory.VacuumWeakDecoy(Gys, km, 0.48, nu));
        Assert.InRange(distance, expectedKm - 0.1, expectedKm + 0.1);
    }

    [Fact]
    public void Infinite_decoy_maximum_distance_matches_reference()
    {
        Assert.InRange(RateOptimizer.MaximumDistance(km => KeyRateTheory.InfiniteDecoy(Gys, km, 0.5)), 141.74, 141.94);
        var optimised = RateOptimizer.MaximumDistance(
            km => RateOptimizer.OptimalIntensity(mu => KeyRateTheory.InfiniteDecoy(Gys, km, mu)).Rate);
        Assert.InRange(optimised, 142.1, 142.3);
    }

    [Fact]
    public void Gllp_with_optimised_intensity_matches_reference()
    {
        var (mu, rate) = RateOptimizer.OptimalIntensity(m => KeyRateTheory.Gllp(Gys, 0, m));
        AssertRelative(1.529e-4, rate, 2e-3);
        Assert.InRange(mu, 0.025, 0.027);
        var distance = RateOptimizer.MaximumDistance(
            km => RateOptimizer.OptimalIntensity(m => KeyRateTheory.Gllp(Gys, km, m)).Rate);
        Assert.InRange(distance, 40.1, 40.3);
    }

    [Fact]
    public void Single_photon_rate_vanishes_at_the_shor_preskill_threshold()
    {
        // With f = 1, no background and perfect efficiency the rate is q (1 - 2 H2(e_det)): zero at e = 11.0028 %.
        var ideal = new TheoryParameters { BackgroundYield = 0, ErrorCorrectionEfficiency = 1, DetectorEfficiency = 1, LossDbPerKm = 0 };
        Assert.True(KeyRateTheory.SinglePhoton(ideal with { MisalignmentError = 0.1099 }, 0) > 0);
        Assert.True(KeyRateTheory.SinglePhoton(ideal with { MisalignmentError = 0.1101 }, 0) < 0);
    }

    [Fact]
    public void Decoy_rates_are_ordered_single_photon_above_infinite_decoy_above_vacuum_weak_above_gllp()
    {
        foreach (var km in new[] { 0.0, 20, 60 })
        {
            var single = KeyRateTheory.SinglePhoton(Gys, km);
            var infinite = KeyRateTheory.InfiniteDecoy(Gys, km, 0.48);
            var vacuumWeak = KeyRateTheory.VacuumWeakDecoy(Gys, km, 0.48, 0.1);
            var gllp = KeyRateTheory.Gllp(Gys, km, 0.48);
            Assert.True(single > infinite && infinite > vacuumWeak && vacuumWeak > gllp, $"at {km} km");
        }
    }

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:G6}, got {actual:G6}");
}
