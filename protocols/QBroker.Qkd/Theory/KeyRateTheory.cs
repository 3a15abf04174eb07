namespace QBroker.Qkd.Theory;

/// <summary>
/// Asymptotic key rates per pulse, after Lo, Ma and Chen, PRL 94, 230504 (2005) and Ma, Qi, Zhao and Lo, PRA 72,
/// 012326 (2005): R = q { -Q_mu f H2(E_mu) + Q1 [1 - H2(e1)] }, with eta = eta_Bob 10^(-alpha L / 10),
/// Y_n = Y0 + eta_n - Y0 eta_n, Q_mu = Y0 + 1 - e^(-eta mu), E_mu Q_mu = e0 Y0 + e_det (1 - e^(-eta mu)), e0 = 1/2.
/// Negative values are returned as they are (not clamped), which root finding needs.
/// </summary>
public static class KeyRateTheory
{
    private const double E0 = 0.5;

    public static double Transmittance(TheoryParameters p, double distanceKm) =>
        p.DetectorEfficiency * Math.Pow(10, -p.LossDbPerKm * distanceKm / 10);

    /// <summary>Q_mu: probability of a click per pulse of mean photon number mu.</summary>
    public static double Gain(TheoryParameters p, double distanceKm, double mu) =>
        p.BackgroundYield + 1 - Math.Exp(-Transmittance(p, distanceKm) * mu);

    /// <summary>E_mu: error rate of the sifted bits of that state.</summary>
    public static double ErrorRate(TheoryParameters p, double distanceKm, double mu) =>
        ((E0 * p.BackgroundYield) + (p.MisalignmentError * (1 - Math.Exp(-Transmittance(p, distanceKm) * mu))))
        / Gain(p, distanceKm, mu);

    /// <summary>Y1 = Y0 + eta - Y0 eta: the probability that a single-photon pulse clicks.</summary>
    public static double SinglePhotonYield(TheoryParameters p, double distanceKm)
    {
        var eta = Transmittance(p, distanceKm);
        return p.BackgroundYield + eta - (p.BackgroundYield * eta);
    }

    /// <summary>e1 = (e0 Y0 + e_det eta) / Y1: the error rate of single-photon clicks.</summary>
    public static double SinglePhotonErrorRate(TheoryParameters p, double distanceKm) =>
        ((E0 * p.BackgroundYield) + (p.MisalignmentError * Transmittance(p, distanceKm))) / SinglePhotonYield(p, distanceKm);

    /// <summary>Single-photon source: Q = Y1, E = e1, R = q Y1 [1 - f H2(e1) - H2(e1)].</summary>
    public static double SinglePhoton(TheoryParameters p, double distanceKm)
    {
        var y1 = SinglePhotonYield(p, distanceKm);
        var e1 = SinglePhotonErrorRate(p, distanceKm);
        return p.SiftingFactor * y1 * (1 - (p.ErrorCorrectionEfficiency * BinaryEntropy.H2(e1)) - BinaryEntropy.H2(e1));
    }

    /// <summary>Infinitely many decoys: Q1 = Y1 mu e^-mu and e1 exactly.</summary>
    public static double InfiniteDecoy(TheoryParameters p, double distanceKm, double mu) =>
        Combine(p, distanceKm, mu, SinglePhotonYield(p, distanceKm) * mu * Math.Exp(-mu), SinglePhotonErrorRate(p, distanceKm));

    /// <summary>Vacuum + weak decoy nu: Y1 and e1 from the bounds of Ma et al. eqs. (34)-(37).</summary>
    public static double VacuumWeakDecoy(TheoryParameters p, double distanceKm, double mu, double nu)
    {
        var qMu = Gain(p, distanceKm, mu);
        var qNu = Gain(p, distanceKm, nu);
        var eNu = ErrorRate(p, distanceKm, nu);
        var y0 = p.BackgroundYield;
        var y1 = mu / ((mu * nu) - (nu * nu))
            * ((qNu * Math.Exp(nu)) - (qMu * Math.Exp(mu) * nu * nu / (mu * mu)) - (((mu * mu) - (nu * nu)) / (mu * mu) * y0));
        if (y1 <= 0)
        {
            return -qMu * p.ErrorCorrectionEfficiency * BinaryEntropy.H2(ErrorRate(p, distanceKm, mu)) * p.SiftingFactor;
        }

        var e1 = Math.Min(0.5, ((eNu * qNu * Math.Exp(nu)) - (E0 * y0)) / (y1 * nu));
        return Combine(p, distanceKm, mu, y1 * mu * Math.Exp(-mu), e1);
    }

    /// <summary>
    /// GLLP without decoys: Delta = P_multi / Q_mu with P_multi = 1 - (1 + mu) e^-mu, and
    /// R = q { -Q_mu f H2(E_mu) + Q_mu (1 - Delta) [1 - H2(E_mu / (1 - Delta))] }.
    /// </summary>
    public static double Gllp(TheoryParameters p, double distanceKm, double mu)
    {
        var qMu = Gain(p, distanceKm, mu);
        var eMu = ErrorRate(p, distanceKm, mu);
        var delta = (1 - ((1 + mu) * Math.Exp(-mu))) / qMu;
        var leak = qMu * p.ErrorCorrectionEfficiency * BinaryEntropy.H2(eMu);
        if (delta >= 1)
        {
            return p.SiftingFactor * -leak;
        }

        return p.SiftingFactor * (-leak + (qMu * (1 - delta) * (1 - BinaryEntropy.H2(eMu / (1 - delta)))));
    }

    public static double Rate(KeyRateBound bound, TheoryParameters p, double distanceKm, double mu, double nu) => bound switch
    {
        KeyRateBound.SinglePhoton => SinglePhoton(p, distanceKm),
        KeyRateBound.Gllp => Gllp(p, distanceKm, mu),
        KeyRateBound.InfiniteDecoy => InfiniteDecoy(p, distanceKm, mu),
        KeyRateBound.VacuumWeakDecoy => VacuumWeakDecoy(p, distanceKm, mu, nu),
        KeyRateBound.Bbm92 => EntangledKeyRateTheory.Rate(p, distanceKm, mu),
        _ => throw new ArgumentOutOfRangeException(nameof(bound)),
    };

    private static double Combine(TheoryParameters p, double distanceKm, double mu, double q1, double e1)
    {
        var qMu = Gain(p, distanceKm, mu);
        var eMu = ErrorRate(p, distanceKm, mu);
        return p.SiftingFactor * ((-qMu * p.ErrorCorrectionEfficiency * BinaryEntropy.H2(eMu)) + (q1 * (1 - BinaryEntropy.H2(e1))));
    }
}
