using System.CommandLine;
using QBroker.Qkd.Reconciliation;

namespace QBroker.Cli.Qkd;

/// <summary>
/// `qbroker qkd cascade`: what a Cascade variant achieves at given QBERs over many seeded frames with exactly Q n
/// errors each: efficiency f (mean, per-frame standard deviation, worst frame), channel uses and residual frame
/// errors before verification. Counts only, so the figures do not depend on the machine or its load.
/// </summary>
internal static class QkdCascadeCommand
{
    public static Command Create()
    {
        var cascade = QkdLinkOptions.CascadeOption();
        var qber = new Option<double[]>("--qber-percent")
        {
            Description = "QBERs in percent (several allowed)",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [1, 2, 5, 8, 10],
        };
        var frames = new Option<int>("--frames") { Description = "Frames per QBER", DefaultValueFactory = _ => 300 };
        var frameBits = new Option<int>("--frame-bits") { Description = "Bits per frame", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the frames and permutations (the same at every QBER)", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON (camelCase)" };
        var command = new Command("cascade", "Cascade efficiency f, channel uses and residual frame errors at given QBERs")
        {
            cascade, qber, frames, frameBits, seed, json,
        };
        command.SetAction(parseResult =>
        {
            var qbers = parseResult.GetValue(qber) ?? [];
            var frameCount = parseResult.GetValue(frames);
            var bits = parseResult.GetValue(frameBits);
            var problems = new List<string>();
            if (qbers.Length == 0 || qbers.Any(q => q is not (> 0 and < 50)))
            {
                problems.Add("Every --qber-percent must lie in (0, 50).");
            }

            if (frameCount < 1)
            {
                problems.Add("--frames must be at least 1.");
            }

            if (bits < 256)
            {
                problems.Add("--frame-bits must be at least 256.");
            }

            if (problems.Count > 0)
            {
                QkdOutput.Error(parseResult).WriteLine("qbroker: " + string.Join(" ", problems));
                return ExitCodes.Usage;
            }

            var variant = QkdLinkOptions.CascadeVariantOf(parseResult.GetValue(cascade));
            var rows = qbers
                .Select(q => CascadeQuality.Measure(variant, q / 100, frameCount, bits, parseResult.GetValue(seed)))
                .ToList();
            var output = QkdOutput.Out(parseResult);
            if (QkdOutput.Json(parseResult, json))
            {
                QkdJson.Write(output, rows);
                return ExitCodes.Success;
            }

            output.WriteLine(FormattableString.Invariant($"{variant}, {frameCount} frames of {bits} bits per QBER"));
            output.WriteLine("QBER %   f        sd(f)    worst f  channel uses  residual frames");
            foreach (var row in rows)
            {
                output.WriteLine(FormattableString.Invariant(
                    $"{row.Qber * 100,-8:0.0##} {row.Efficiency,-8:F4} {row.EfficiencyStandardDeviation,-8:F4} {row.WorstFrameEfficiency,-8:F4} {row.ChannelUses,-13:F1} {row.ResidualFrameErrors}"));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
