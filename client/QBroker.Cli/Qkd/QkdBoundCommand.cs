using System.CommandLine;
using System.Globalization;
using QBroker.Qkd.Theory;

namespace QBroker.Cli.Qkd;

/// <summary>`qbroker qkd bound`: the asymptotic key rate per pulse and, with --max-distance, the largest distance with key.</summary>
internal static class QkdBoundCommand
{
    public static Command Create()
    {
        var distance = new Option<double>("--distance-km") { Description = "Fibre length in km", DefaultValueFactory = _ => 50 };
        var bound = QkdLinkOptions.Choice(
            "--protocol", "decoy", "Bound: decoy (vacuum + weak decoy), infinite-decoy, gllp, single-photon, bbm92 (--mu = mean pairs per clock, source mid-link)", "decoy", "infinite-decoy", "gllp", "single-photon", "bbm92");
        var mu = new Option<double>("--mu") { Description = "Signal mean photon number", DefaultValueFactory = _ => 0.48 };
        var nu = new Option<double>("--nu") { Description = "Weak decoy mean photon number", DefaultValueFactory = _ => 0.1 };
        var optimise = new Option<bool>("--optimize-mu") { Description = "Use the signal intensity that maximises the rate (at every distance)" };
        var maxDistance = new Option<bool>("--max-distance") { Description = "Also find the largest distance with a positive rate" };
        var loss = new Option<double>("--loss-db-per-km") { Description = "Fibre loss in dB/km", DefaultValueFactory = _ => 0.21 };
        var detector = new Option<double>("--detector-efficiency") { Description = "Bob's detection efficiency eta_Bob", DefaultValueFactory = _ => 0.045 };
        var darkCount = new Option<double>("--dark-count") { Description = "Background yield Y0 per pulse", DefaultValueFactory = _ => 1.7e-6 };
        var misalignment = new Option<double>("--misalignment") { Description = "Misalignment error e_det", DefaultValueFactory = _ => 0.033 };
        var efficiency = new Option<double>("--ec-efficiency") { Description = "Error-correction inefficiency f", DefaultValueFactory = _ => 1.22 };
        var json = new Option<bool>("--json") { Description = "Print JSON (camelCase)" };

        var command = new Command("bound", "Asymptotic key rate per pulse (GLLP, decoy state) for given link parameters; GYS defaults")
        {
            distance, bound, mu, nu, optimise, maxDistance, loss, detector, darkCount, misalignment, efficiency, json,
        };
        command.SetAction(parseResult =>
        {
            var parameters = new TheoryParameters
            {
                LossDbPerKm = parseResult.GetValue(loss),
                DetectorEfficiency = parseResult.GetValue(detector),
                BackgroundYield = parseResult.GetValue(darkCount),
                MisalignmentError = parseResult.GetValue(misalignment),
                ErrorCorrectionEfficiency = parseResult.GetValue(efficiency),
            };
            var kind = parseResult.GetValue(bound) switch
            {
                "infinite-decoy" => KeyRateBound.InfiniteDecoy,
                "gllp" => KeyRateBound.Gllp,
                "single-photon" => KeyRateBound.SinglePhoton,
                "bbm92" => KeyRateBound.Bbm92,
                _ => KeyRateBound.VacuumWeakDecoy,
            };
            var nuValue = parseResult.GetValue(nu);
            var optimised = parseResult.GetValue(optimise) && kind != KeyRateBound.SinglePhoton;
            (double Mu, double Rate) At(double km) => optimised
                ? RateOptimizer.OptimalIntensity(m => KeyRateTheory.Rate(kind, parameters, km, m, nuValue), lower: kind == KeyRateBound.VacuumWeakDecoy ? nuValue * 1.01 : 1e-4)
                : (parseResult.GetValue(mu), KeyRateTheory.Rate(kind, parameters, km, parseResult.GetValue(mu), nuValue));

            var km = parseResult.GetValue(distance);
            var (muUsed, rate) = At(km);
            double? limit = parseResult.GetValue(maxDistance) ? RateOptimizer.MaximumDistance(d => At(d).Rate) : null;
            var result = new BoundResult(
                kind, km, kind == KeyRateBound.SinglePhoton ? null : muUsed, kind == KeyRateBound.VacuumWeakDecoy ? nuValue : null, Math.Max(0, rate), limit);

            var output = QkdOutput.Out(parseResult);
            if (QkdOutput.Json(parseResult, json))
            {
                QkdJson.Write(output, result);
                return ExitCodes.Success;
            }

            output.WriteLine(FormattableString.Invariant($"bound:        {kind}"));
            if (result.SignalIntensity is { } m)
            {
                output.WriteLine(FormattableString.Invariant($"mu:           {m:G4}{(optimised ? " (optimised)" : string.Empty)}"));
            }

            if (result.DecoyIntensity is { } n)
            {
                output.WriteLine(FormattableString.Invariant($"nu:           {n:G4}"));
            }

            output.WriteLine(FormattableString.Invariant($"distance:     {km:G6} km"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"key rate:     {result.RatePerPulse:E4} bits per pulse"));
            if (limit is { } l)
            {
                output.WriteLine(FormattableString.Invariant($"max distance: {l:F1} km"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The JSON shape of `qkd bound`.</summary>
    internal sealed record BoundResult(
        KeyRateBound Bound, double DistanceKm, double? SignalIntensity, double? DecoyIntensity, double RatePerPulse, double? MaxDistanceKm);
}
