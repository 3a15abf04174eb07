using QBroker.Contracts.Qkd;
using QBroker.Qkd.Links;

namespace QBroker.Grains.Qkd;

/// <summary>Turns a link's stored definition and eavesdropper into the simulator's configuration.</summary>
public static class LinkPhysics
{
    public static LinkConfiguration Configuration(LinkDefinition link, EavesdropperSpec? eavesdropper) => new()
    {
        LengthKm = link.LengthKm,
        LossDbPerKm = link.LossDbPerKm,
        DetectorEfficiency = link.DetectorEfficiency,
        DarkCountProbability = link.DarkCountProbability,
        Misalignment = link.Misalignment,
        ClockRateHz = link.ClockRateHz,
        Eavesdropper = eavesdropper is null ? null : new EavesdropperSettings(Kind(eavesdropper.Kind), eavesdropper.Fraction),
    };

    public static EavesdropperKind Kind(string kind) => kind switch
    {
        EavesdropperSpec.InterceptResend => EavesdropperKind.InterceptResend,
        EavesdropperSpec.PhotonNumberSplitting => EavesdropperKind.PhotonNumberSplitting,
        _ => throw new ArgumentException($"Unknown eavesdropper kind '{kind}'; use '{EavesdropperSpec.InterceptResend}' or '{EavesdropperSpec.PhotonNumberSplitting}'.", nameof(kind)),
    };

    /// <summary>Every reason the eavesdropper cannot be applied; empty when it can.</summary>
    public static IReadOnlyList<string> Validate(EavesdropperSpec eavesdropper)
    {
        var problems = new List<string>();
        if (eavesdropper.Kind is not (EavesdropperSpec.InterceptResend or EavesdropperSpec.PhotonNumberSplitting))
        {
            problems.Add($"Unknown eavesdropper kind '{eavesdropper.Kind}'; use '{EavesdropperSpec.InterceptResend}' or '{EavesdropperSpec.PhotonNumberSplitting}'.");
        }
        if (eavesdropper.Fraction is not (>= 0 and <= 1) || double.IsNaN(eavesdropper.Fraction))
        {
            problems.Add("The eavesdropping fraction must lie in [0, 1].");
        }
        return problems;
    }
}
