using System.Globalization;
using System.Text.Json;
using QBroker.Qkd.Links;
using QBroker.Qkd.Reconciliation;

namespace QBroker.Backends.Qkd;

/// <summary>
/// Reads the QKD experiment format documented in docs/qkd-job-format.md:
/// <code>
/// { "protocol": "decoy" | "bb84" | "gllp" | "bbm92",
///   "link": { "distanceKm": 25, "lossDbPerKm": 0.21, "detectorEfficiency": 0.045, "darkCountProbability": 1.7e-6,
///             "misalignment": 0.033, "clockRateHz": 1e9 },
///   "source": { "kind": "wcp", "signalIntensity": 0.48, "decoyIntensity": 0.1, ... },
///   "postProcessing": { "cascade": "power2", "sampleFraction": 0.1, ... },
///   "pulses": 100000000  (or "targetKeyBits": 100000), "seed": 7,
///   "eavesdropper": { "kind": "intercept-resend" | "pns", "fraction": 0.5 },
///   "sweep": { "variable": "distanceKm", "from": 0, "to": 100, "steps": 11 } }
/// </code>
/// Every field is optional (defaults: the Gobby-Yuan-Shields link, decoy-state BB84, 100,000 target key bits, seed 1).
/// Unknown fields are errors, so a misspelt parameter is never silently ignored; every error names its field. The
/// result is checked against the link model's own validation at every point and against <see cref="QkdExperimentLimits"/>.
/// </summary>
public static class QkdExperimentJson
{
    private static readonly string[] RootFields = ["protocol", "link", "source", "postProcessing", "pulses", "targetKeyBits", "seed", "eavesdropper", "sweep"];
    private static readonly string[] LinkFields = ["distanceKm", "lossDbPerKm", "detectorEfficiency", "darkCountProbability", "misalignment", "clockRateHz"];
    private static readonly string[] SourceFields = ["kind", "signalIntensity", "decoyIntensity", "decoyProbability", "vacuumProbability", "pairsPerPulse", "testProbability", "aliceArmKm"];
    private static readonly string[] PostProcessingFields = ["cascade", "sampleFraction", "securityEpsilon", "qberAbortThreshold", "frameBits"];
    private static readonly string[] EavesdropperFields = ["kind", "fraction"];
    private static readonly string[] SweepFields = ["variable", "from", "to", "steps"];

    public static QkdExperiment Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new QkdExperimentFormatException($"Not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = Object(document.RootElement, "the experiment", RootFields);
            var protocol = ReadProtocol(root);
            var link = new LinkConfiguration
            {
                Protocol = protocol,
                Source = ReadSource(root, protocol),
                EntangledSource = ReadEntangledSource(root, protocol),
                PostProcessing = ReadPostProcessing(root),
                Eavesdropper = ReadEavesdropper(root),
            };
            link = ReadLink(root, link);
            if (root.TryGetProperty("pulses", out _) && root.TryGetProperty("targetKeyBits", out _))
            {
                throw Error("give either \"pulses\" or \"targetKeyBits\", not both");
            }
            var experiment = new QkdExperiment
            {
                Link = link,
                Pulses = root.TryGetProperty("pulses", out var pulses) ? ReadLong(pulses, "pulses", 1, QkdExperimentLimits.MaxPulsesPerPoint) : null,
                TargetKeyBits = root.TryGetProperty("targetKeyBits", out var bits)
                    ? (int)ReadLong(bits, "targetKeyBits", 1, QkdExperimentLimits.MaxKeyBitsPerPoint)
                    : QkdExperimentLimits.DefaultTargetKeyBits,
                Seed = root.TryGetProperty("seed", out var seed) ? ReadSeed(seed) : 1,
                Sweep = root.TryGetProperty("sweep", out var sweep) ? ReadSweep(sweep, protocol) : null,
            };
            CheckPoints(experiment);
            return experiment;
        }
    }

    /// <summary>Every point must be a valid link, and the work must stay within the limits.</summary>
    private static void CheckPoints(QkdExperiment experiment)
    {
        var values = experiment.Sweep?.Values() ?? [];
        var links = experiment.Sweep is { } sweep ? values.Select(v => sweep.Variable.Apply(experiment.Link, v)).ToArray() : [experiment.Link];
        for (var i = 0; i < links.Length; i++)
        {
            var problems = links[i].Validate();
            if (problems.Count > 0)
            {
                var where = experiment.Sweep is { } s
                    ? $"at {QkdSweepVariables.Name(s.Variable)} = {values[i].ToString("G6", CultureInfo.InvariantCulture)}: "
                    : string.Empty;
                throw Error(where + string.Join(" ", problems));
            }
        }
        double total = 0;
        foreach (var point in experiment.Points())
        {
            var bits = QkdExperiment.ExpectedKeyBits(point);
            if (bits > QkdExperimentLimits.MaxKeyBitsPerPoint)
            {
                throw Error(FormattableString.Invariant(
                    $"{point.Pulses:N0} pulses would give about {bits:N0} sifted key bits{At(experiment, point)}; at most {QkdExperimentLimits.MaxKeyBitsPerPoint:N0} per session are allowed (lower \"pulses\" or \"targetKeyBits\")"));
            }
            total += bits;
        }
        if (total > QkdExperimentLimits.MaxKeyBitsPerExperiment)
        {
            throw Error(FormattableString.Invariant(
                $"the sweep would sift about {total:N0} key bits in all; at most {QkdExperimentLimits.MaxKeyBitsPerExperiment:N0} are allowed (fewer steps or pulses per step)"));
        }
    }

    private static string At(QkdExperiment experiment, QkdExperimentPoint point) =>
        experiment.Sweep is { } sweep && point.SweepValue is { } value
            ? $" at {QkdSweepVariables.Name(sweep.Variable)} = {value.ToString("G6", CultureInfo.InvariantCulture)}"
            : string.Empty;

    private static QkdProtocol ReadProtocol(JsonElement root) =>
        !root.TryGetProperty("protocol", out var protocol)
            ? QkdProtocol.DecoyStateBb84
            : ReadString(protocol, "protocol") switch
            {
                "decoy" => QkdProtocol.DecoyStateBb84,
                "bb84" => QkdProtocol.Bb84,
                "gllp" => QkdProtocol.Bb84Gllp,
                "bbm92" => QkdProtocol.Bbm92,
                var other => throw Error($"\"protocol\" must be decoy, bb84, gllp or bbm92 (got \"{other}\")"),
            };

    private static LinkConfiguration ReadLink(JsonElement root, LinkConfiguration link)
    {
        if (!root.TryGetProperty("link", out var element))
        {
            return link;
        }
        Object(element, "link", LinkFields);
        return link with
        {
            LengthKm = Number(element, "distanceKm", "link.distanceKm") ?? link.LengthKm,
            LossDbPerKm = Number(element, "lossDbPerKm", "link.lossDbPerKm") ?? link.LossDbPerKm,
            DetectorEfficiency = Number(element, "detectorEfficiency", "link.detectorEfficiency") ?? link.DetectorEfficiency,
            DarkCountProbability = Number(element, "darkCountProbability", "link.darkCountProbability") ?? link.DarkCountProbability,
            Misalignment = Number(element, "misalignment", "link.misalignment") ?? link.Misalignment,
            ClockRateHz = Number(element, "clockRateHz", "link.clockRateHz") ?? link.ClockRateHz,
        };
    }

    /// <summary>
    /// The prepare-and-measure source. Decoy-state BB84 sends signal, weak decoy and vacuum; the other protocols send
    /// only the signal. BB84 defaults to single photons (the protocol as stated), GLLP and decoy to weak coherent pulses.
    /// </summary>
    private static SourceSettings ReadSource(JsonElement root, QkdProtocol protocol)
    {
        var has = root.TryGetProperty("source", out var element);
        if (has)
        {
            Object(element, "source", SourceFields);
        }
        var entangledOnly = new[] { "pairsPerPulse", "testProbability", "aliceArmKm" };
        var prepareOnly = new[] { "kind", "signalIntensity", "decoyIntensity", "decoyProbability", "vacuumProbability" };
        if (has)
        {
            var misplaced = (protocol == QkdProtocol.Bbm92 ? prepareOnly : entangledOnly).FirstOrDefault(f => element.TryGetProperty(f, out _));
            if (misplaced is not null)
            {
                throw Error($"\"source.{misplaced}\" does not apply to protocol {QkdExperimentReport.ProtocolName(protocol)}");
            }
            if (protocol != QkdProtocol.DecoyStateBb84
                && new[] { "decoyIntensity", "decoyProbability", "vacuumProbability" }.FirstOrDefault(f => element.TryGetProperty(f, out _)) is { } decoyField)
            {
                throw Error($"\"source.{decoyField}\" applies only to protocol decoy");
            }
        }
        if (protocol == QkdProtocol.Bbm92)
        {
            return new SourceSettings();
        }
        var kind = has && element.TryGetProperty("kind", out var k)
            ? ReadString(k, "source.kind") switch
            {
                "wcp" => SourceKind.WeakCoherent,
                "single-photon" => SourceKind.SinglePhoton,
                var other => throw Error($"\"source.kind\" must be wcp or single-photon (got \"{other}\")"),
            }
            : protocol == QkdProtocol.Bb84 ? SourceKind.SinglePhoton : SourceKind.WeakCoherent;
        var signal = has ? Number(element, "signalIntensity", "source.signalIntensity") : null;
        if (kind == SourceKind.SinglePhoton)
        {
            if (signal is not null)
            {
                throw Error("\"source.signalIntensity\" does not apply to a single-photon source (one photon per pulse)");
            }
            return SourceSettings.SinglePhoton;
        }
        var defaults = new SourceSettings();
        if (protocol != QkdProtocol.DecoyStateBb84)
        {
            return SourceSettings.WeakPulses(signal ?? defaults.SignalIntensity);
        }
        var decoyProbability = has ? Number(element, "decoyProbability", "source.decoyProbability") : null;
        var vacuumProbability = has ? Number(element, "vacuumProbability", "source.vacuumProbability") : null;
        var source = defaults with
        {
            SignalIntensity = signal ?? defaults.SignalIntensity,
            DecoyIntensity = (has ? Number(element, "decoyIntensity", "source.decoyIntensity") : null) ?? defaults.DecoyIntensity,
        };
        // The signal takes what the decoy and vacuum leave; untouched defaults keep their exact values.
        return decoyProbability is null && vacuumProbability is null
            ? source
            : source with
            {
                DecoyProbability = decoyProbability ?? defaults.DecoyProbability,
                VacuumProbability = vacuumProbability ?? defaults.VacuumProbability,
                SignalProbability = 1 - (decoyProbability ?? defaults.DecoyProbability) - (vacuumProbability ?? defaults.VacuumProbability),
            };
    }

    private static EntangledSourceSettings ReadEntangledSource(JsonElement root, QkdProtocol protocol)
    {
        var defaults = new EntangledSourceSettings();
        if (protocol != QkdProtocol.Bbm92 || !root.TryGetProperty("source", out var element))
        {
            return defaults;
        }
        return new EntangledSourceSettings
        {
            MeanPairsPerPulse = Number(element, "pairsPerPulse", "source.pairsPerPulse") ?? defaults.MeanPairsPerPulse,
            TestProbability = Number(element, "testProbability", "source.testProbability") ?? defaults.TestProbability,
            AliceArmKm = Number(element, "aliceArmKm", "source.aliceArmKm"),
        };
    }

    private static PostProcessingSettings ReadPostProcessing(JsonElement root)
    {
        var defaults = new PostProcessingSettings();
        if (!root.TryGetProperty("postProcessing", out var element))
        {
            return defaults;
        }
        Object(element, "postProcessing", PostProcessingFields);
        return new PostProcessingSettings
        {
            Cascade = element.TryGetProperty("cascade", out var cascade)
                ? ReadString(cascade, "postProcessing.cascade") switch
                {
                    "original" => CascadeVariant.Original,
                    "yan" => CascadeVariant.YanEtAl,
                    "option3" => CascadeVariant.Option3,
                    "power2" => CascadeVariant.PowerOfTwoBlocks,
                    var other => throw Error($"\"postProcessing.cascade\" must be original, yan, option3 or power2 (got \"{other}\")"),
                }
                : defaults.Cascade,
            SampleFraction = Number(element, "sampleFraction", "postProcessing.sampleFraction") ?? defaults.SampleFraction,
            SecurityEpsilon = Number(element, "securityEpsilon", "postProcessing.securityEpsilon") ?? defaults.SecurityEpsilon,
            QberAbortThreshold = Number(element, "qberAbortThreshold", "postProcessing.qberAbortThreshold") ?? defaults.QberAbortThreshold,
            FrameBits = element.TryGetProperty("frameBits", out var frame) ? (int)ReadLong(frame, "postProcessing.frameBits", 256, 1_000_000) : defaults.FrameBits,
        };
    }

    private static EavesdropperSettings? ReadEavesdropper(JsonElement root)
    {
        if (!root.TryGetProperty("eavesdropper", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        Object(element, "eavesdropper", EavesdropperFields);
        if (!element.TryGetProperty("kind", out var kind))
        {
            throw Error("missing field \"eavesdropper.kind\" (intercept-resend or pns)");
        }
        var eve = ReadString(kind, "eavesdropper.kind") switch
        {
            "intercept-resend" => EavesdropperKind.InterceptResend,
            "pns" => EavesdropperKind.PhotonNumberSplitting,
            var other => throw Error($"\"eavesdropper.kind\" must be intercept-resend or pns (got \"{other}\")"),
        };
        return new EavesdropperSettings(eve, Number(element, "fraction", "eavesdropper.fraction") ?? 1.0);
    }

    private static QkdSweep ReadSweep(JsonElement element, QkdProtocol protocol)
    {
        Object(element, "sweep", SweepFields);
        if (!element.TryGetProperty("variable", out var variableElement))
        {
            throw Error($"missing field \"sweep.variable\" (one of {string.Join(", ", QkdSweepVariables.Names)})");
        }
        var name = ReadString(variableElement, "sweep.variable");
        if (!QkdSweepVariables.TryParse(name, out var variable))
        {
            throw Error($"\"sweep.variable\" must be one of {string.Join(", ", QkdSweepVariables.Names)} (got \"{name}\")");
        }
        if (variable == QkdSweepVariable.DecoyIntensity && protocol != QkdProtocol.DecoyStateBb84)
        {
            throw Error("sweeping decoyIntensity needs protocol decoy");
        }
        var from = Number(element, "from", "sweep.from") ?? throw Error("missing field \"sweep.from\"");
        var to = Number(element, "to", "sweep.to") ?? throw Error("missing field \"sweep.to\"");
        var steps = element.TryGetProperty("steps", out var s)
            ? (int)ReadLong(s, "sweep.steps", 2, QkdExperimentLimits.MaxSweepSteps)
            : throw Error("missing field \"sweep.steps\"");
        return new QkdSweep(variable, from, to, steps);
    }

    private static JsonElement Object(JsonElement element, string what, string[] fields)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error($"{what} must be a JSON object");
        }
        foreach (var property in element.EnumerateObject())
        {
            if (!fields.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Error($"unknown field \"{property.Name}\" in {what} (expected {string.Join(", ", fields)})");
            }
        }
        return element;
    }

    private static double? Number(JsonElement parent, string field, string path)
    {
        if (!parent.TryGetProperty(field, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            throw Error($"\"{path}\" must be a number");
        }
        return number;
    }

    private static long ReadLong(JsonElement value, string path, long min, long max)
    {
        // Accept 1e8 as well as 100000000: pulse counts are naturally written in scientific notation.
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || number != Math.Floor(number))
        {
            throw Error($"\"{path}\" must be a whole number");
        }
        if (number < min || number > max)
        {
            throw Error(FormattableString.Invariant($"\"{path}\" must be between {min:N0} and {max:N0} (got {number:N0})"));
        }
        return (long)number;
    }

    private static ulong ReadSeed(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out var seed))
        {
            throw Error("\"seed\" must be a whole number from 0 to 18446744073709551615");
        }
        return seed;
    }

    private static string ReadString(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error($"\"{path}\" must be a string");

    private static QkdExperimentFormatException Error(string message) => new(message);
}
