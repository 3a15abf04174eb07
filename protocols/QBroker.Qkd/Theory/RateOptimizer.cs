namespace QBroker.Qkd.Theory;

/// <summary>Optimisation over the signal intensity and root finding over distance for the asymptotic rates.</summary>
public static class RateOptimizer
{
    private static readonly double InverseGoldenRatio = (Math.Sqrt(5) - 1) / 2;

    /// <summary>
    /// The intensity in [lower, upper] that maximises rate(mu): a scan of log-spaced intensities finds the best
    /// bracket (near the cut-off the rate is not unimodal in mu, since dark counts dominate at small mu), then
    /// golden-section search on log mu refines it.
    /// </summary>
    public static (double Intensity, double Rate) OptimalIntensity(Func<double, double> rate, double lower = 1e-4, double upper = 1.0)
    {
        const int ScanPoints = 64;
        var logLower = Math.Log(lower);
        var step = (Math.Log(upper) - logLower) / (ScanPoints - 1);
        var bestIndex = 0;
        var bestRate = double.NegativeInfinity;
        for (var i = 0; i < ScanPoints; i++)
        {
            var value = rate(Math.Exp(logLower + (i * step)));
            if (value > bestRate)
            {
                bestRate = value;
                bestIndex = i;
            }
        }

        var a = logLower + (Math.Max(0, bestIndex - 1) * step);
        var b = logLower + (Math.Min(ScanPoints - 1, bestIndex + 1) * step);
        var c = b - (InverseGoldenRatio * (b - a));
        var d = a + (InverseGoldenRatio * (b - a));
        var fc = rate(Math.Exp(c));
        var fd = rate(Math.Exp(d));
        for (var i = 0; i < 80 && b - a > 1e-9; i++)
        {
            if (fc > fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - (InverseGoldenRatio * (b - a));
                fc = rate(Math.Exp(c));
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + (InverseGoldenRatio * (b - a));
                fd = rate(Math.Exp(d));
            }
        }

        var best = Math.Exp((a + b) / 2);
        return (best, rate(best));
    }

    /// <summary>
    /// The largest distance with a positive rate, by bisection between a distance where it is positive and one
    /// where it is not (the rates fall monotonically with distance). Returns 0 if the rate is not positive at 0 km.
    /// </summary>
    public static double MaximumDistance(Func<double, double> rateAtDistance, double toleranceKm = 1e-3)
    {
        if (rateAtDistance(0) <= 0)
        {
            return 0;
        }

        var good = 0.0;
        var bad = 50.0;
        while (rateAtDistance(bad) > 0)
        {
            good = bad;
            bad *= 2;
            if (bad > 1e5)
            {
                return double.PositiveInfinity;
            }
        }

        while (bad - good > toleranceKm)
        {
            var middle = (good + bad) / 2;
            if (rateAtDistance(middle) > 0)
            {
                good = middle;
            }
            else
            {
                bad = middle;
            }
        }

        return good;
    }
}
