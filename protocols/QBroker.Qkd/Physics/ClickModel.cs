using QBroker.Qkd.Links;
using QBroker.Qkd.Randomness;

namespace QBroker.Qkd.Physics;

/// <summary>
/// Per-pulse click probabilities of one intensity class, split by origin. Honest channel: a pulse of n photons is
/// detected through the fibre with probability 1 - (1 - eta)^n; if no photon arrives a background click happens with
/// probability Y0. This gives the gain Q = 1 - (1 - Y0) e^(-eta mu) of Ma et al. (2005) eq. (2) for Poisson sources;
/// their error formula adds e0 Y0 and e_det (1 - e^(-eta mu)) independently, which differs from ours only by
/// O(Y0 eta mu), below 1e-7 for the GYS link.
/// </summary>
internal sealed class ClickModel
{
    // Layout of a category's traits word (see Traits).
    public const int PhotonNumberMask = 0xFF;
    public const int CarriesAliceBit = 1 << 8;
    public const int Flipped = 1 << 9;
    public const int EveKnows = 1 << 10;
    public const int InterceptResent = 1 << 11;
    public const int CarriesEveBit = 1 << 12;

    /// <summary>
    /// Category probabilities are resolved to 2^-32 (2.3e-10), so that one 64-bit draw picks the categories of two
    /// clicks. The rarest category that shapes a key, background clicks on a long link, is above 1e-5 of clicks, and
    /// a block's statistics resolve about 1e-3: rounding at 1e-10 is invisible.
    /// </summary>
    public const int CategoryPrecisionBits = 32;

    private ClickModel(ClickCategory[] categories, double[] photonNumbers, double misalignment)
    {
        var photonNumberCumulative = new double[photonNumbers.Length];
        var total = 0.0;
        for (var n = 0; n < photonNumbers.Length; n++)
        {
            total += photonNumbers[n];
            photonNumberCumulative[n] = total;
        }

        photonNumberCumulative[^1] = 1;
        PhotonNumberTable = new InverseCdfTable(photonNumberCumulative);
        ClickProbability = categories.Sum(c => c.Probability);

        // Whether a click that carries a bit (Alice's, or the one Eve resent) has it flipped by misalignment is
        // independent of everything else about the click, so each such category splits in two, unflipped and
        // flipped, and the one draw that picks the category decides the flip as well.
        var split = new List<(ClickCategory Category, bool Flipped, double Probability)>();
        foreach (var category in categories)
        {
            if (category.Origin is ClickOrigin.Signal or ClickOrigin.InterceptResendSignal)
            {
                split.Add((category, false, category.Probability * (1 - misalignment)));
                split.Add((category, true, category.Probability * misalignment));
            }
            else
            {
                split.Add((category, false, category.Probability));
            }
        }

        split.RemoveAll(s => s.Probability <= 0);
        // The click loop records a click's category in one byte.
        if (split.Count > byte.MaxValue + 1)
        {
            throw new InvalidOperationException($"{split.Count} click categories; at most 256 fit the click loop.");
        }

        // No category at all (nothing can click) leaves one placeholder that no click ever draws.
        var cumulative = new double[Math.Max(1, split.Count)];
        var running = 0.0;
        for (var i = 0; i < split.Count; i++)
        {
            running += split[i].Probability;
            cumulative[i] = ClickProbability > 0 ? running / ClickProbability : 1;
        }

        cumulative[^1] = 1;
        CategoryTable = new InverseCdfTable(cumulative, CategoryPrecisionBits);
        Origins = [.. split.Select(s => s.Category.Origin)];
        Traits = split.Count == 0 ? [0] : [.. split.Select(s => TraitsOf(s.Category, s.Flipped))];
    }

    public double ClickProbability { get; }

    /// <summary>The photon-number distribution of the state, for drawing it independently of the click.</summary>
    public InverseCdfTable PhotonNumberTable { get; }

    /// <summary>
    /// Which category a click fell in, given that the pulse clicked (flipped and unflipped apart), from 32 uniform bits
    /// (<see cref="CategoryPrecisionBits"/>).
    /// </summary>
    public InverseCdfTable CategoryTable { get; }

    public ClickOrigin[] Origins { get; }

    /// <summary>
    /// Per category, everything the click loop needs in one word, so a click costs one table read: the photon number
    /// (0 where it is drawn afresh), and flags for a signal click (Alice's bit reaches Bob where the bases match),
    /// a misalignment flip, Eve holding the bit, an intercept-resend click (which takes the general path) and, of
    /// those, one where a photon Eve resent arrived (her bit reaches Bob where his basis matches hers).
    /// </summary>
    public ushort[] Traits { get; }

    private static ushort TraitsOf(ClickCategory category, bool flipped)
    {
        var traits = category.PhotonNumber < 0 ? 0 : Math.Min(category.PhotonNumber, PhotonNumberMask);
        traits |= category.Origin == ClickOrigin.Signal ? CarriesAliceBit : 0;
        traits |= flipped ? Flipped : 0;
        traits |= category.EveKnowsBit ? EveKnows : 0;
        traits |= category.Origin is ClickOrigin.InterceptResendSignal or ClickOrigin.InterceptResendDark ? InterceptResent : 0;
        traits |= category.Origin == ClickOrigin.InterceptResendSignal ? CarriesEveBit : 0;
        return (ushort)traits;
    }

    public static ClickModel Build(LinkConfiguration link, double intensity)
    {
        var photonNumbers = link.Source.Kind == SourceKind.SinglePhoton
            ? PhotonNumberDistribution.SinglePhoton()
            : PhotonNumberDistribution.Poisson(intensity);
        var eta = link.OverallTransmittance;
        var y0 = link.DarkCountProbability;
        var eve = link.Eavesdropper;
        var attacked = eve?.Fraction ?? 0;
        var honest = 1 - attacked;
        var categories = new List<ClickCategory>();

        if (honest > 0)
        {
            for (var n = 0; n < photonNumbers.Length; n++)
            {
                var arrives = 1 - Math.Pow(1 - eta, n);
                categories.Add(new(ClickOrigin.Signal, n, false, honest * photonNumbers[n] * arrives));
                categories.Add(new(ClickOrigin.DarkOnly, n, false, honest * photonNumbers[n] * (1 - arrives) * y0));
            }
        }

        if (attacked > 0 && eve!.Kind == EavesdropperKind.InterceptResend)
        {
            // Eve resends a pulse of the same intensity, so Bob's click does not depend on what Alice's pulse held.
            var signal = 0.0;
            var dark = 0.0;
            for (var m = 0; m < photonNumbers.Length; m++)
            {
                var arrives = 1 - Math.Pow(1 - eta, m);
                signal += photonNumbers[m] * arrives;
                dark += photonNumbers[m] * (1 - arrives) * y0;
            }

            categories.Add(new(ClickOrigin.InterceptResendSignal, -1, false, attacked * signal));
            categories.Add(new(ClickOrigin.InterceptResendDark, -1, false, attacked * dark));
        }

        if (attacked > 0 && eve!.Kind == EavesdropperKind.PhotonNumberSplitting)
        {
            AddPhotonNumberSplitting(link, photonNumbers, attacked, categories);
        }

        return new ClickModel([.. categories.Where(c => c.Probability > 0)], photonNumbers, link.Misalignment);
    }

    /// <summary>
    /// Eve cannot tell signal from decoy, so she tunes one strategy to the signal state: she forwards n - 1 photons
    /// of each multi-photon pulse over a lossless line to Bob's detector (efficiency eta_Bob) and forwards single
    /// photons only as often as needed to reproduce the expected signal gain; what she blocks leaves only background.
    /// Where multi-photon pulses alone exceed that gain she blocks some of them too. The decoy states then show gains
    /// that do not fit an honest channel, which is what the decoy-state bounds detect.
    /// </summary>
    private static void AddPhotonNumberSplitting(
        LinkConfiguration link, double[] photonNumbers, double attacked, List<ClickCategory> categories)
    {
        var etaBob = link.DetectorEfficiency;
        var y0 = link.DarkCountProbability;
        var signalPhotonNumbers = link.Source.Kind == SourceKind.SinglePhoton
            ? PhotonNumberDistribution.SinglePhoton()
            : PhotonNumberDistribution.Poisson(link.Source.SignalIntensity);
        var expectedSignalDetection = 1 - Math.Exp(-link.OverallTransmittance * link.Source.SignalIntensity);
        if (link.Source.Kind == SourceKind.SinglePhoton)
        {
            expectedSignalDetection = link.OverallTransmittance;
        }

        var fromMulti = 0.0;
        for (var n = 2; n < signalPhotonNumbers.Length; n++)
        {
            fromMulti += signalPhotonNumbers[n] * (1 - Math.Pow(1 - etaBob, n - 1));
        }

        var fromSingles = signalPhotonNumbers.Length > 1 ? signalPhotonNumbers[1] * etaBob : 0;
        double forwardMulti;
        double forwardSingles;
        if (fromMulti >= expectedSignalDetection)
        {
            forwardMulti = expectedSignalDetection / fromMulti;
            forwardSingles = 0;
        }
        else
        {
            forwardMulti = 1;
            forwardSingles = fromSingles > 0 ? Math.Min(1, (expectedSignalDetection - fromMulti) / fromSingles) : 0;
        }

        categories.Add(new(ClickOrigin.DarkOnly, 0, false, attacked * photonNumbers[0] * y0));
        for (var n = 1; n < photonNumbers.Length; n++)
        {
            var forwarded = n == 1 ? forwardSingles : forwardMulti;
            var arrives = forwarded * (1 - Math.Pow(1 - etaBob, n == 1 ? 1 : n - 1));
            var eveKeepsPhoton = n >= 2;
            categories.Add(new(ClickOrigin.Signal, n, eveKeepsPhoton, attacked * photonNumbers[n] * arrives));
            categories.Add(new(ClickOrigin.DarkOnly, n, eveKeepsPhoton, attacked * photonNumbers[n] * (1 - arrives) * y0));
        }
    }
}
