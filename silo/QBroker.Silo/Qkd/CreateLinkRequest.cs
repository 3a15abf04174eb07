using System.Text.RegularExpressions;
using QBroker.Contracts.Qkd;
using QBroker.Grains.Qkd;

namespace QBroker.Silo.Qkd;

/// <summary>
/// Body of POST /api/v1/qkd/links. Omitted physics take the Gobby–Yuan–Shields values used throughout the
/// decoy-state literature (APL 84, 3762 (2004): 0.21 dB/km, eta_Bob 4.5 %, Y0 1.7e-6, e_det 3.3 %) at 1 GHz.
/// </summary>
public sealed partial record CreateLinkRequest(
    string? Id,
    string? SiteA,
    string? SiteB,
    double? LengthKm,
    double? LossDbPerKm,
    double? DetectorEfficiency,
    double? DarkCountProbability,
    double? Misalignment,
    double? ClockRateHz)
{
    /// <summary>Longest fibre accepted: well past where any decoy-state link still yields key (~200 km with SNSPDs).</summary>
    public const double MaxLengthKm = 500;

    /// <summary>Fastest source clock accepted: beyond the tens of GHz of any demonstrated QKD system.</summary>
    public const double MaxClockRateHz = 1e11;

    /// <summary>Highest fibre loss accepted (telecom fibre is 0.15-0.4 dB/km; 10 covers any lossy test spool).</summary>
    public const double MaxLossDbPerKm = 10;

    /// <summary>The link to create, or every problem with the request by field (camelCase names).</summary>
    public (LinkDefinition? Link, IReadOnlyDictionary<string, string[]> Errors) ToDefinition()
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string problem)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(problem);
        }
        CheckName("id", Id, Fail);
        CheckName("siteA", SiteA, Fail);
        CheckName("siteB", SiteB, Fail);
        if (SiteA is not null && SiteA == SiteB)
        {
            Fail("siteB", "A link joins two different sites.");
        }
        if (LengthKm is null)
        {
            Fail("lengthKm", "The fibre length in km is required.");
        }
        else if (!(LengthKm > 0 && LengthKm <= MaxLengthKm))
        {
            Fail("lengthKm", $"The fibre length must lie in (0, {MaxLengthKm}] km.");
        }
        if (ClockRateHz is { } clock && !(clock > 0 && clock <= MaxClockRateHz))
        {
            Fail("clockRateHz", $"The clock rate must lie in (0, {MaxClockRateHz:E0}] Hz.");
        }
        if (LossDbPerKm is { } loss && !(loss >= 0 && loss <= MaxLossDbPerKm))
        {
            Fail("lossDbPerKm", $"The fibre loss must lie in [0, {MaxLossDbPerKm}] dB/km.");
        }
        if (errors.Count > 0)
        {
            return (null, Freeze(errors));
        }
        var link = new LinkDefinition(Id!, SiteA!, SiteB!, LengthKm!.Value, LossDbPerKm ?? 0.21, DetectorEfficiency ?? 0.045,
            DarkCountProbability ?? 1.7e-6, Misalignment ?? 0.033, ClockRateHz ?? 1e9);
        // The simulator's own checks (ranges of loss, efficiency, dark counts, misalignment, clock rate).
        foreach (var problem in LinkPhysics.Configuration(link, null).Validate())
        {
            Fail("physics", problem);
        }
        return errors.Count > 0 ? (null, Freeze(errors)) : (link, Freeze(errors));
    }

    private static void CheckName(string field, string? value, Action<string, string> fail)
    {
        if (string.IsNullOrEmpty(value))
        {
            fail(field, "Required.");
        }
        else if (!Name().IsMatch(value))
        {
            fail(field, "Use 1-64 lower-case letters, digits and dashes, starting with a letter or digit.");
        }
    }

    private static Dictionary<string, string[]> Freeze(Dictionary<string, List<string>> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex Name();
}
