using QBroker.Qkd.Links;

namespace QBroker.Backends.Qkd;

/// <summary>A link parameter a QKD experiment can sweep.</summary>
public enum QkdSweepVariable
{
    DistanceKm,
    LossDbPerKm,
    DetectorEfficiency,
    DarkCountProbability,
    Misalignment,
    SignalIntensity,
    DecoyIntensity,
    EavesdropperFraction,
}

/// <summary>Wire names of the sweep variables and how each one changes a link.</summary>
public static class QkdSweepVariables
{
    private static readonly Dictionary<string, QkdSweepVariable> ByName = Enum.GetValues<QkdSweepVariable>()
        .ToDictionary(Name, v => v, StringComparer.Ordinal);

    /// <summary>Every wire name, in declaration order, for error messages and documentation.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<QkdSweepVariable>().Select(Name)];

    /// <summary>The camelCase name used in the experiment JSON, e.g. "distanceKm".</summary>
    public static string Name(QkdSweepVariable variable)
    {
        var text = variable.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }

    public static bool TryParse(string name, out QkdSweepVariable variable) => ByName.TryGetValue(name, out variable);

    /// <summary>
    /// The link with the variable set to <paramref name="value"/>. Sweeping the eavesdropper's fraction on a link
    /// without one puts an intercept-resend attacker on it, the attack whose QBER the literature plots (p/4).
    /// </summary>
    public static LinkConfiguration Apply(this QkdSweepVariable variable, LinkConfiguration link, double value) => variable switch
    {
        QkdSweepVariable.DistanceKm => link with { LengthKm = value },
        QkdSweepVariable.LossDbPerKm => link with { LossDbPerKm = value },
        QkdSweepVariable.DetectorEfficiency => link with { DetectorEfficiency = value },
        QkdSweepVariable.DarkCountProbability => link with { DarkCountProbability = value },
        QkdSweepVariable.Misalignment => link with { Misalignment = value },
        QkdSweepVariable.SignalIntensity => link.Protocol == QkdProtocol.Bbm92
            ? link with { EntangledSource = link.EntangledSource with { MeanPairsPerPulse = value } }
            : link with { Source = link.Source with { SignalIntensity = value } },
        QkdSweepVariable.DecoyIntensity => link with { Source = link.Source with { DecoyIntensity = value } },
        QkdSweepVariable.EavesdropperFraction => link with
        {
            Eavesdropper = (link.Eavesdropper ?? new EavesdropperSettings(EavesdropperKind.InterceptResend)) with { Fraction = value },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(variable), variable, "Unknown sweep variable."),
    };
}
