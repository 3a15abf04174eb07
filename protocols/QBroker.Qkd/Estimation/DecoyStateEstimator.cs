namespace QBroker.Qkd.Estimation;

/// <summary>
/// Vacuum + weak decoy bounds of Ma, Qi, Zhao and Lo, "Practical decoy state for quantum key distribution",
/// PRA 72, 012326 (2005), eqs. (34)-(37), with e0 = 1/2:
/// Y1 &gt;= mu / (mu nu - nu^2) [Q_nu e^nu - Q_mu e^mu nu^2/mu^2 - (mu^2 - nu^2)/mu^2 Y0],
/// e1 &lt;= (E_nu Q_nu e^nu - e0 Y0) / (Y1 nu), Q1 = Y1 mu e^-mu.
/// Finite statistics: each count is moved u standard deviations (its square root) in the pessimistic direction,
/// as in section VI of that paper, with u from the security parameter.
/// </summary>
public static class DecoyStateEstimator
{
    private const double E0 = 0.5;

    /// <param name="signalIntensity">mu.</param>
    /// <param name="decoyIntensity">nu.</param>
    /// <param name="pulses">Pulses sent per class (signal, decoy, vacuum).</param>
    /// <param name="clicks">Clicks per class, over both bases.</param>
    /// <param name="sifted">Sifted bits per class.</param>
    /// <param name="errors">Errors per class among the sifted bits (signal: scaled from the sample).</param>
    /// <param name="deviations">u, standard deviations of the confidence bounds; 0 gives the plain estimates.</param>
    public static DecoyBounds Estimate(
        double signalIntensity,
        double decoyIntensity,
        IReadOnlyList<long> pulses,
        IReadOnlyList<long> clicks,
        IReadOnlyList<long> sifted,
        IReadOnlyList<double> errors,
        double deviations)
    {
        var mu = signalIntensity;
        var nu = decoyIntensity;
        var qMu = Rate(clicks[0], pulses[0]);
        var qNu = Rate(clicks[1], pulses[1]);
        var q0 = Rate(clicks[2], pulses[2]);
        var eMu = sifted[0] > 0 ? errors[0] / sifted[0] : 0;
        var eNu = sifted[1] > 0 ? errors[1] / sifted[1] : 0;

        var qMuUpper = StatisticalBounds.RateUpper(clicks[0], pulses[0], deviations);
        var qNuLower = StatisticalBounds.RateLower(clicks[1], pulses[1], deviations);
        var y0Upper = StatisticalBounds.RateUpper(clicks[2], pulses[2], deviations);
        var y0Lower = StatisticalBounds.RateLower(clicks[2], pulses[2], deviations);

        var y1Lower = mu / ((mu * nu) - (nu * nu))
            * ((qNuLower * Math.Exp(nu)) - (qMuUpper * Math.Exp(mu) * nu * nu / (mu * mu)) - ((mu * mu) - (nu * nu)) / (mu * mu) * y0Upper);
        y1Lower = Math.Max(0, y1Lower);

        // E_nu Q_nu is the rate of erroneous sifted decoy bits, scaled from sifted to all clicks.
        var decoyErrorCount = (long)Math.Round(errors[1]);
        var siftFraction = clicks[1] > 0 ? (double)sifted[1] / clicks[1] : 0;
        var errorGainUpper = siftFraction > 0
            ? StatisticalBounds.RateUpper(decoyErrorCount, pulses[1], deviations) / siftFraction
            : 1;
        var e1Upper = y1Lower > 0
            ? Math.Clamp(((errorGainUpper * Math.Exp(nu)) - (E0 * y0Lower)) / (y1Lower * nu), 0, 0.5)
            : 0.5;

        return new DecoyBounds(
            SignalGain: qMu,
            DecoyGain: qNu,
            VacuumGain: q0,
            SignalErrorRate: eMu,
            DecoyErrorRate: eNu,
            BackgroundYieldLower: y0Lower,
            BackgroundYieldUpper: y0Upper,
            SinglePhotonYieldLower: y1Lower,
            SinglePhotonGainLower: y1Lower * mu * Math.Exp(-mu),
            SinglePhotonErrorUpper: e1Upper);
    }

    private static double Rate(long count, long trials) => trials > 0 ? (double)count / trials : 0;
}
