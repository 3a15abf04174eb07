namespace QBroker.Qkd.Estimation;

/// <summary>
/// The CHSH value S = E(0, 22.5) + E(0, -22.5) + E(45, 22.5) - E(45, -22.5) (angles in degrees) estimated from the
/// test rounds, with its standard error. |S| &gt; 2 violates every local model; quantum mechanics allows up to
/// 2 sqrt(2) (Clauser, Horne, Shimony and Holt, PRL 23, 880 (1969); Tsirelson's bound).
/// </summary>
/// <param name="Value">S.</param>
/// <param name="StandardError">sqrt(sum over the four settings of (1 - E^2) / N): each correlator's binomial spread.</param>
/// <param name="TestRounds">Coincidences at a test setting.</param>
public sealed record ChshEstimate(double Value, double StandardError, long TestRounds)
{
    /// <summary>Whether S exceeds the local bound 2 by more than the given number of standard errors.</summary>
    public bool ViolatesBellInequality(double standardDeviations) => Value - (standardDeviations * StandardError) > 2;
}
