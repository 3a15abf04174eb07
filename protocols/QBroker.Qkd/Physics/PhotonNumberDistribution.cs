namespace QBroker.Qkd.Physics;

/// <summary>Photon-number probabilities of one source state, truncated where the tail is negligible.</summary>
public static class PhotonNumberDistribution
{
    // Tail mass left out of the Poisson table; far below any statistical resolution of a simulation.
    private const double NegligibleTail = 1e-15;

    /// <summary>P(n) for a phase-randomised coherent state of mean mu: e^-mu mu^n / n!.</summary>
    public static double[] Poisson(double mean)
    {
        var probabilities = new List<double>();
        var term = Math.Exp(-mean);
        var cumulative = 0.0;
        for (var n = 0; n < 255; n++)
        {
            probabilities.Add(term);
            cumulative += term;
            if (1 - cumulative < NegligibleTail && n >= 1)
            {
                break;
            }

            term *= mean / (n + 1);
        }

        return [.. probabilities];
    }

    public static double[] SinglePhoton() => [0, 1];
}
