using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;
using QBroker.Qkd.Sessions;
using QBroker.Qkd.Theory;

namespace QBroker.Qkd.Sweeps;

/// <summary>
/// The research sweeps: simulated sessions side by side with the asymptotic bounds. Point i of a sweep with seed s
/// runs with seed s + i, so every table is reproducible. Asymptotic rates are scaled by the signal probability so
/// that they count per pulse of the same signal/decoy mix the simulation sends.
/// </summary>
public static class ParameterSweeps
{
    public static SweepTable KeyRateVsDistance(LinkConfiguration link, IReadOnlyList<double> distancesKm, SweepBudget budget, ulong seed)
    {
        var theory = new List<double?>();
        var simulated = new List<double?>();
        for (var i = 0; i < distancesKm.Count; i++)
        {
            var point = link with { LengthKm = distancesKm[i] };
            theory.Add(Positive(AsymptoticRatePerPulse(point)));
            simulated.Add(budget.Simulate ? Simulate(point, budget, seed + (ulong)i).KeyRatePerPulse : null);
        }

        return new SweepTable(
            $"Key rate vs distance ({link.Protocol})",
            "distance (km)",
            "key bits per pulse",
            LogarithmicY: true,
            [.. distancesKm],
            Series(("asymptotic bound", theory), ("simulated", simulated), budget));
    }

    /// <summary>QBER against the fraction of pulses an intercept-resend eavesdropper attacks.</summary>
    public static SweepTable QberVsEavesdropping(LinkConfiguration link, IReadOnlyList<double> fractions, SweepBudget budget, ulong seed)
    {
        var theory = new List<double?>();
        var simulated = new List<double?>();
        var parameters = TheoryParameters.FromLink(link);
        for (var i = 0; i < fractions.Count; i++)
        {
            var point = link with { Eavesdropper = new EavesdropperSettings(EavesdropperKind.InterceptResend, fractions[i]) };
            theory.Add(InterceptResendQber(link, parameters, fractions[i]));
            simulated.Add(budget.Simulate ? Simulate(point, budget, seed + (ulong)i).EstimatedQber : null);
        }

        return new SweepTable(
            "QBER vs intercept-resend fraction",
            "intercepted fraction",
            "QBER",
            LogarithmicY: false,
            [.. fractions],
            Series(("expected", theory), ("simulated (sample estimate)", simulated), budget));
    }

    public static SweepTable KeyRateVsDecoyIntensity(
        LinkConfiguration link, IReadOnlyList<double> decoyIntensities, SweepBudget budget, ulong seed)
    {
        var theory = new List<double?>();
        var simulated = new List<double?>();
        for (var i = 0; i < decoyIntensities.Count; i++)
        {
            var point = link with
            {
                Protocol = QkdProtocol.DecoyStateBb84,
                Source = link.Source with { DecoyIntensity = decoyIntensities[i] },
            };
            theory.Add(Positive(AsymptoticRatePerPulse(point)));
            simulated.Add(budget.Simulate ? Simulate(point, budget, seed + (ulong)i).KeyRatePerPulse : null);
        }

        return new SweepTable(
            $"Key rate vs decoy intensity at {link.LengthKm} km",
            "decoy intensity nu",
            "key bits per pulse",
            LogarithmicY: true,
            [.. decoyIntensities],
            Series(("asymptotic bound", theory), ("simulated", simulated), budget));
    }

    /// <summary>The asymptotic bound matching the link's protocol, per pulse of its signal/decoy mix.</summary>
    public static double AsymptoticRatePerPulse(LinkConfiguration link)
    {
        if (link.Protocol == QkdProtocol.Bbm92)
        {
            return EntangledKeyRateTheory.Rate(link);
        }

        var parameters = TheoryParameters.FromLink(link);
        var source = link.Source;
        var rate = link.Protocol switch
        {
            QkdProtocol.DecoyStateBb84 => KeyRateTheory.VacuumWeakDecoy(parameters, link.LengthKm, source.SignalIntensity, source.DecoyIntensity),
            QkdProtocol.Bb84Gllp => KeyRateTheory.Gllp(parameters, link.LengthKm, source.SignalIntensity),
            _ when source.Kind == SourceKind.SinglePhoton => KeyRateTheory.SinglePhoton(parameters, link.LengthKm),
            _ => KeyRateTheory.Gllp(parameters, link.LengthKm, source.SignalIntensity),
        };
        return rate * source.SignalProbability;
    }

    /// <summary>
    /// Expected QBER with intercept-resend on a fraction p: a signal click errs with e_det when Eve is absent and with
    /// 1/4 + e_det/2 when she intercepts (her basis is wrong half the time); background clicks err half the time.
    /// With BBM92 the same holds for the correlated coincidences, and every other coincidence errs half the time.
    /// </summary>
    public static double InterceptResendQber(LinkConfiguration link, TheoryParameters parameters, double fraction)
    {
        var interceptedError = ((1 - fraction) * link.Misalignment) + (fraction * (0.25 + (link.Misalignment / 2)));
        if (link.Protocol == QkdProtocol.Bbm92)
        {
            var pairs = EntangledPairModel.FromLink(link);
            var correlatedShare = pairs.CorrelatedProbability / pairs.CoincidenceProbability;
            return (correlatedShare * interceptedError) + ((1 - correlatedShare) * 0.5);
        }

        var mu = link.Source.Kind == SourceKind.SinglePhoton ? 1 : link.Source.SignalIntensity;
        var eta = KeyRateTheory.Transmittance(parameters, link.LengthKm);
        var signal = link.Source.Kind == SourceKind.SinglePhoton ? eta : 1 - Math.Exp(-eta * mu);
        var background = (1 - signal) * link.DarkCountProbability;
        return ((0.5 * background) + (signal * interceptedError)) / (signal + background);
    }

    private static SessionReport Simulate(LinkConfiguration link, SweepBudget budget, ulong seed)
    {
        var session = new QkdSession(link);
        var pulses = Math.Min(budget.MaxPulsesPerPoint, session.PulsesForKeyBits(budget.TargetKeyBits));
        return session.Run(seed, pulses).Report;
    }

    private static double? Positive(double value) => value > 0 ? value : null;

    private static SweepSeries[] Series((string Name, List<double?> Values) theory, (string Name, List<double?> Values) simulated, SweepBudget budget) =>
        budget.Simulate
            ? [new SweepSeries(theory.Name, theory.Values), new SweepSeries(simulated.Name, simulated.Values)]
            : [new SweepSeries(theory.Name, theory.Values)];
}
