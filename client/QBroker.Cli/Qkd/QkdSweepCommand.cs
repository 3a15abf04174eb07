using System.CommandLine;
using QBroker.Qkd.Sweeps;

namespace QBroker.Cli.Qkd;

/// <summary>`qbroker qkd sweep`: a parameter sweep as a table or JSON, optionally plotted to SVG or PNG.</summary>
internal static class QkdSweepCommand
{
    public static Command Create()
    {
        var link = new QkdLinkOptions();
        var kind = QkdLinkOptions.Choice(
            "--kind", "distance", "What to sweep: distance (key rate), eavesdropping (QBER vs intercepted fraction), decoy-intensity (key rate)",
            "distance", "eavesdropping", "decoy-intensity");
        var from = new Option<double?>("--from") { Description = "First value (default by kind: 0 km, 0, 0.02)" };
        var to = new Option<double?>("--to") { Description = "Last value (default by kind: 150 km, 1, 0.4)" };
        var steps = new Option<int>("--steps") { Description = "Number of points", DefaultValueFactory = _ => 11 };
        var plot = new Option<FileInfo?>("--plot") { Description = "Write a plot to FILE (.svg or .png)" };
        var theoryOnly = new Option<bool>("--theory-only") { Description = "Only the asymptotic bounds, no simulation" };
        var keyBits = new Option<int>("--key-bits") { Description = "Target sifted key bits per simulated point", DefaultValueFactory = _ => 20_000 };
        var maxPulses = new Option<long>("--max-pulses") { Description = "Most pulses simulated per point", DefaultValueFactory = _ => 1_000_000_000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the first point (point i uses seed + i)", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print JSON (camelCase)" };
        var command = new Command("sweep", "Sweep a parameter: key rate vs distance, QBER vs eavesdropping, key rate vs decoy intensity");
        link.AddTo(command);
        foreach (var option in new Option[] { kind, from, to, steps, plot, theoryOnly, keyBits, maxPulses, seed, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var configuration = link.Build(parseResult);
            var problems = configuration.Validate();
            var sweepKind = parseResult.GetValue(kind);
            var (defaultFrom, defaultTo) = sweepKind switch
            {
                "eavesdropping" => (0.0, 1.0),
                "decoy-intensity" => (0.02, Math.Min(0.4, configuration.Source.SignalIntensity * 0.9)),
                _ => (0.0, 150.0),
            };
            var first = parseResult.GetValue(from) ?? defaultFrom;
            var last = parseResult.GetValue(to) ?? defaultTo;
            var count = parseResult.GetValue(steps);
            if (count < 2)
            {
                problems = [.. problems, "A sweep needs at least 2 steps."];
            }

            if (problems.Count > 0)
            {
                QkdOutput.Error(parseResult).WriteLine("qbroker: " + string.Join(" ", problems));
                return ExitCodes.Usage;
            }

            var values = Enumerable.Range(0, count).Select(i => first + ((last - first) * i / (count - 1))).ToArray();
            var budget = new SweepBudget(parseResult.GetValue(keyBits), parseResult.GetValue(maxPulses), !parseResult.GetValue(theoryOnly));
            var startSeed = parseResult.GetValue(seed);
            var table = sweepKind switch
            {
                "eavesdropping" => ParameterSweeps.QberVsEavesdropping(configuration, values, budget, startSeed),
                "decoy-intensity" => ParameterSweeps.KeyRateVsDecoyIntensity(configuration, values, budget, startSeed),
                _ => ParameterSweeps.KeyRateVsDistance(configuration, values, budget, startSeed),
            };
            if (parseResult.GetValue(plot) is { } file)
            {
                SweepPlotter.Save(table, file.FullName);
            }

            var output = QkdOutput.Out(parseResult);
            if (QkdOutput.Json(parseResult, json))
            {
                QkdJson.Write(output, table);
            }
            else
            {
                output.Write(table.ToText());
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
