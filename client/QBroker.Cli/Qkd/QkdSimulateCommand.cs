using System.CommandLine;
using QBroker.Qkd.Links;
using QBroker.Qkd.Sessions;
using QBroker.Qkd.Sweeps;

namespace QBroker.Cli.Qkd;

/// <summary>`qbroker qkd simulate`: one session of a link, run locally, with the asymptotic bound beside it.</summary>
internal static class QkdSimulateCommand
{
    public static Command Create()
    {
        var link = new QkdLinkOptions();
        var pulses = new Option<long>("--pulses") { Description = "Pulses to send (default: enough for --key-bits)" };
        var keyBits = new Option<int>("--key-bits") { Description = "Target sifted key bits when --pulses is not given", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same seed gives the same session", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON (camelCase)" };
        var command = new Command("simulate", "Simulate one QKD session: physics, sifting, estimation, Cascade, privacy amplification");
        link.AddTo(command);
        command.Options.Add(pulses);
        command.Options.Add(keyBits);
        command.Options.Add(seed);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            var configuration = link.Build(parseResult);
            var problems = configuration.Validate();
            if (problems.Count > 0)
            {
                QkdOutput.Error(parseResult).WriteLine("qbroker: " + string.Join(" ", problems));
                return ExitCodes.Usage;
            }

            var session = new QkdSession(configuration);
            var pulseCount = parseResult.GetValue(pulses) is > 0 and var p ? p : session.PulsesForKeyBits(parseResult.GetValue(keyBits));
            var result = session.Run(parseResult.GetValue(seed), pulseCount);
            var bound = Math.Max(0, ParameterSweeps.AsymptoticRatePerPulse(configuration));
            var output = QkdOutput.Out(parseResult);
            if (QkdOutput.Json(parseResult, json))
            {
                QkdJson.Write(output, new SimulateResult(result.Report, bound, Convert.ToHexString(result.AliceKey).ToLowerInvariant()));
                return ExitCodes.Success;
            }

            WriteText(output, result.Report, bound);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteText(TextWriter output, SessionReport r, double bound)
    {
        output.WriteLine(FormattableString.Invariant($"protocol:          {r.Protocol} over {r.LengthKm:G6} km, seed {r.Seed}"));
        output.WriteLine(r.Protocol == QkdProtocol.Bbm92
            ? FormattableString.Invariant($"pulses:            {r.Pulses:N0} clock cycles of the pair source")
            : FormattableString.Invariant($"pulses:            {r.Pulses:N0} (signal/decoy/vacuum {string.Join(" / ", r.PulsesPerClass)})"));
        output.WriteLine(FormattableString.Invariant($"clicks:            {string.Join(" / ", r.ClicksPerClass)}"));
        output.WriteLine(FormattableString.Invariant($"sifted:            {string.Join(" / ", r.SiftedPerClass)}"));
        output.WriteLine(FormattableString.Invariant($"QBER:              {r.EstimatedQber:P2} sampled on {r.SampleBits} bits (bound {r.QberUpperBound:P2}; true {r.ActualQber:P2})"));
        if (r.Decoy is { } d)
        {
            output.WriteLine(FormattableString.Invariant($"decoy bounds:      Y1 >= {d.SinglePhotonYieldLower:E3}, Q1 >= {d.SinglePhotonGainLower:E3}, e1 <= {d.SinglePhotonErrorUpper:P2}"));
        }

        if (r.Chsh is { } chsh)
        {
            output.WriteLine(FormattableString.Invariant($"CHSH:              S = {chsh.Value:F3} +- {chsh.StandardError:F3} from {chsh.TestRounds:N0} test rounds (local bound 2, quantum 2.828)"));
        }

        if (r.ErrorCorrection is { } ec)
        {
            output.WriteLine(FormattableString.Invariant($"cascade:           {ec.Variant}, {ec.Frames} frames, {ec.DisclosedBits:N0} parities, f = {ec.Efficiency:F3}, {ec.ChannelUses:N0} channel uses, {ec.FramesDiscarded} frames discarded"));
        }

        output.WriteLine(FormattableString.Invariant($"privacy amplified: {r.PrivacyAmplifiedBits:N0} bits (bound {r.KeyLengthBound:F1})"));
        output.WriteLine(FormattableString.Invariant($"authentication:    {r.AuthenticationTags} tags, {r.AuthenticationBitsConsumed} bits consumed, {r.AuthenticationBitsReplenished} repaid"));
        output.WriteLine(FormattableString.Invariant($"final key:         {r.FinalKeyBits:N0} bits, {r.KeyRatePerPulse:E3} per pulse, {r.KeyRateBitsPerSecond:N0} bit/s"));
        output.WriteLine(FormattableString.Invariant($"asymptotic bound:  {bound:E3} per pulse"));
        if (r.EveKnownBits > 0)
        {
            output.WriteLine(FormattableString.Invariant($"eve knows:         {r.EveKnownBits:N0} reconciled bits (ground truth)"));
        }

        output.WriteLine(r.Aborted ? $"outcome:           aborted ({r.AbortReason})" : "outcome:           key established");
    }

    /// <summary>The JSON shape of `qkd simulate`: the session report, the bound, and Alice's final key in hex.</summary>
    internal sealed record SimulateResult(SessionReport Report, double AsymptoticRatePerPulse, string Key);
}
