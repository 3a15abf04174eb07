namespace QBroker.Qkd.Estimation;

/// <summary>Confidence intervals used by parameter estimation.</summary>
public static class StatisticalBounds
{
    /// <summary>
    /// Deviation of the phase-error rate from the sampled bit-error rate, from Tomamichel, Lim, Gisin and Renner,
    /// "Tight finite-key analysis for quantum cryptography", Nat. Commun. 3, 634 (2012):
    /// mu = sqrt((n + k) / (n k) * (k + 1) / k * ln(2 / eps_sec)) for n key bits and k sample bits.
    /// </summary>
    public static double SamplingDeviation(long keyBits, long sampleBits, double securityEpsilon)
    {
        if (keyBits <= 0 || sampleBits <= 0)
        {
            return double.PositiveInfinity;
        }

        double n = keyBits;
        double k = sampleBits;
        return Math.Sqrt((n + k) / (n * k) * (k + 1) / k * Math.Log(2 / securityEpsilon));
    }

    /// <summary>
    /// Number of standard deviations for a one-sided Gaussian confidence of 1 - eps, using the tail bound
    /// P(Z > u) &lt;= exp(-u^2 / 2): u = sqrt(2 ln(1/eps)). This is the "u_alpha standard deviations" treatment of
    /// decoy-state statistics in Ma, Qi, Zhao and Lo, PRA 72, 012326 (2005), section VI.
    /// </summary>
    public static double StandardDeviationsFor(double epsilon) => Math.Sqrt(2 * Math.Log(1 / epsilon));

    /// <summary>Lower bound on a rate observed as count / trials, count shifted down by u sqrt(count).</summary>
    public static double RateLower(long count, long trials, double deviations) =>
        trials <= 0 ? 0 : Math.Max(0, count - (deviations * Math.Sqrt(count))) / trials;

    /// <summary>Upper bound on a rate observed as count / trials; never below the rate of one extra count.</summary>
    public static double RateUpper(long count, long trials, double deviations) =>
        trials <= 0 ? 1 : (count + (deviations * Math.Sqrt(Math.Max(count, 1)))) / trials;
}
