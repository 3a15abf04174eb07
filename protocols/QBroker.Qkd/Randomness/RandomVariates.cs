namespace QBroker.Qkd.Randomness;

/// <summary>
/// Exact samplers for the distributions the physical layer needs. Algorithms from L. Devroye, "Non-Uniform Random
/// Variate Generation" (Springer 1986) and G. Marsaglia and W. W. Tsang, "A simple method for generating gamma
/// variables", ACM TOMS 26 (2000).
/// </summary>
public static class RandomVariates
{
    // Below this many trials a binomial is drawn trial by trial; above, by order-statistic splitting.
    private const long DirectBinomialLimit = 48;

    /// <summary>
    /// Exact Binomial(n, p) in O(log n) Beta draws (Devroye 1986, ch. X.4): the i-th order statistic of n uniforms is
    /// Beta(i, n - i + 1); comparing it with p settles i trials at once and leaves a smaller binomial.
    /// </summary>
    public static long Binomial(DeterministicRandom random, long trials, double probability)
    {
        if (probability <= 0 || trials <= 0)
        {
            return 0;
        }

        if (probability >= 1)
        {
            return trials;
        }

        long successes = 0;
        var n = trials;
        var p = probability;
        while (n > DirectBinomialLimit)
        {
            var i = (n + 1) / 2;
            var x = Beta(random, i, n - i + 1);
            if (x <= p)
            {
                successes += i;
                n -= i;
                p = (p - x) / (1 - x);
            }
            else
            {
                n = i - 1;
                p /= x;
            }
        }

        for (long t = 0; t < n; t++)
        {
            if (random.NextDouble() < p)
            {
                successes++;
            }
        }

        return successes;
    }

    /// <summary>Multinomial counts by successive conditional binomials.</summary>
    public static long[] Multinomial(DeterministicRandom random, long trials, IReadOnlyList<double> probabilities)
    {
        var counts = new long[probabilities.Count];
        var remaining = trials;
        var remainingProbability = 1.0;
        for (var k = 0; k < probabilities.Count - 1; k++)
        {
            var conditional = remainingProbability <= 0 ? 0 : Math.Min(1, probabilities[k] / remainingProbability);
            counts[k] = Binomial(random, remaining, conditional);
            remaining -= counts[k];
            remainingProbability -= probabilities[k];
        }

        counts[^1] = remaining;
        return counts;
    }

    public static double Beta(DeterministicRandom random, double a, double b)
    {
        var x = Gamma(random, a);
        var y = Gamma(random, b);
        return x / (x + y);
    }

    /// <summary>Gamma(shape, 1) by Marsaglia and Tsang (2000); shapes below 1 via the U^(1/a) boost.</summary>
    public static double Gamma(DeterministicRandom random, double shape)
    {
        if (shape < 1)
        {
            return Gamma(random, shape + 1) * Math.Pow(random.NextOpenDouble(), 1 / shape);
        }

        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = StandardNormal(random);
                v = 1 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = random.NextOpenDouble();
            if (Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }

    /// <summary>Standard normal by Marsaglia's polar method.</summary>
    public static double StandardNormal(DeterministicRandom random)
    {
        while (true)
        {
            var u = (2 * random.NextDouble()) - 1;
            var v = (2 * random.NextDouble()) - 1;
            var s = (u * u) + (v * v);
            if (s > 0 && s < 1)
            {
                return u * Math.Sqrt(-2 * Math.Log(s) / s);
            }
        }
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher-Yates).</summary>
    public static int[] Permutation(DeterministicRandom random, int n)
    {
        var result = new int[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = random.NextInt32(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }

        return result;
    }
}
