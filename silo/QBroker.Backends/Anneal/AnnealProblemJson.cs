using System.Globalization;
using System.Text.Json;

namespace QBroker.Backends.Anneal;

/// <summary>
/// Reads the annealing job format documented in docs/anneal-format.md:
/// <code>
/// { "type": "qubo" | "ising", "variables": 3,
///   "linear": { "0": -1.0, "2": 0.5 }   (or a dense array [-1.0, 0, 0.5]),
///   "quadratic": [[0, 1, 2.0], [1, 2, -1.0]],
///   "offset": 0.0, "numSweeps": 1000, "betaRange": [0.1, 4.2], "randomizeOrder": true }
/// </code>
/// Only "type" is required. Every error names the offending field.
/// </summary>
public static class AnnealProblemJson
{
    /// <summary>Guards memory: larger problems are refused while parsing, before any allocation proportional to them.</summary>
    public const int MaxVariables = 1_000_000;

    public static AnnealWorkload Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw new AnnealProblemFormatException($"Not valid JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error("the document must be a JSON object");
            }
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name is not ("type" or "variables" or "linear" or "quadratic" or "offset" or "numSweeps" or "betaRange" or "randomizeOrder"))
                {
                    throw Error($"unknown field \"{property.Name}\" (expected type, variables, linear, quadratic, offset, numSweeps, betaRange, randomizeOrder)");
                }
            }
            var type = ReadType(root);
            var linear = ReadLinear(root);
            var quadratic = ReadQuadratic(root);
            var highest = Math.Max(linear.Count == 0 ? -1 : linear.Keys.Max(), quadratic.Count == 0 ? -1 : quadratic.Max(t => Math.Max(t.I, t.J)));
            var variables = highest + 1;
            if (root.TryGetProperty("variables", out var declared))
            {
                variables = ReadInt(declared, "variables", 0, MaxVariables);
                if (highest >= variables)
                {
                    throw Error($"variable {highest} is used but \"variables\" is {variables}");
                }
            }
            var dense = new double[variables];
            foreach (var (index, value) in linear)
            {
                dense[index] = value;
            }
            var offset = root.TryGetProperty("offset", out var o) ? ReadNumber(o, "offset") : 0;
            var sweeps = root.TryGetProperty("numSweeps", out var s) ? ReadInt(s, "numSweeps", 1, AnnealDeviceBackend.MaxSweeps) : AnnealWorkload.DefaultSweeps;
            var betaRange = root.TryGetProperty("betaRange", out var b) ? ReadBetaRange(b) : null;
            var randomizeOrder = !root.TryGetProperty("randomizeOrder", out var r) || ReadBoolean(r, "randomizeOrder");
            return new AnnealWorkload(new AnnealProblem(type, variables, dense, quadratic, offset), sweeps, betaRange, randomizeOrder);
        }
    }

    private static VariableType ReadType(JsonElement root)
    {
        if (!root.TryGetProperty("type", out var type))
        {
            throw Error("missing field \"type\" (\"qubo\" or \"ising\")");
        }
        return type.ValueKind == JsonValueKind.String ? type.GetString()!.ToLowerInvariant() switch
        {
            "qubo" or "binary" => VariableType.Binary,
            "ising" or "spin" => VariableType.Spin,
            var other => throw Error($"\"type\" must be \"qubo\" or \"ising\", not \"{other}\""),
        } : throw Error("\"type\" must be a string, \"qubo\" or \"ising\"");
    }

    private static Dictionary<int, double> ReadLinear(JsonElement root)
    {
        var linear = new Dictionary<int, double>();
        if (!root.TryGetProperty("linear", out var element))
        {
            return linear;
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= MaxVariables)
                    {
                        throw Error($"\"linear\" key \"{property.Name}\" is not a variable index (0..{MaxVariables - 1})");
                    }
                    linear[index] = linear.GetValueOrDefault(index) + ReadNumber(property.Value, $"linear[\"{property.Name}\"]");
                }
                break;
            case JsonValueKind.Array:
                if (element.GetArrayLength() > MaxVariables)
                {
                    throw Error($"\"linear\" has more than {MaxVariables} entries");
                }
                var i = 0;
                foreach (var value in element.EnumerateArray())
                {
                    linear[i] = ReadNumber(value, $"linear[{i}]");
                    i++;
                }
                break;
            default:
                throw Error("\"linear\" must be an object {\"index\": bias} or an array of biases");
        }
        return linear;
    }

    private static List<QuadraticTerm> ReadQuadratic(JsonElement root)
    {
        var terms = new List<QuadraticTerm>();
        if (!root.TryGetProperty("quadratic", out var element))
        {
            return terms;
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Error("\"quadratic\" must be an array of [i, j, weight] triples");
        }
        var n = 0;
        foreach (var triple in element.EnumerateArray())
        {
            var where = $"quadratic[{n++}]";
            if (triple.ValueKind != JsonValueKind.Array || triple.GetArrayLength() != 3)
            {
                throw Error($"{where} must be a triple [i, j, weight]");
            }
            var i = ReadInt(triple[0], $"{where}[0]", 0, MaxVariables - 1);
            var j = ReadInt(triple[1], $"{where}[1]", 0, MaxVariables - 1);
            terms.Add(new QuadraticTerm(i, j, ReadNumber(triple[2], $"{where}[2]")));
        }
        return terms;
    }

    private static BetaRange ReadBetaRange(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 2)
        {
            throw Error("\"betaRange\" must be [hot, cold], two positive numbers");
        }
        var hot = ReadNumber(element[0], "betaRange[0]");
        var cold = ReadNumber(element[1], "betaRange[1]");
        if (hot <= 0 || cold < hot)
        {
            throw Error($"\"betaRange\" must satisfy 0 < hot ≤ cold; got [{hot}, {cold}]");
        }
        return new BetaRange(hot, cold);
    }

    private static double ReadNumber(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Error($"{where} must be a finite number");
        }
        return value;
    }

    private static bool ReadBoolean(JsonElement element, string where) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"{where} must be true or false"),
    };

    private static int ReadInt(JsonElement element, string where, int min, int max)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value) || value < min || value > max)
        {
            throw Error($"{where} must be an integer between {min} and {max}");
        }
        return value;
    }

    private static AnnealProblemFormatException Error(string detail) => new($"Invalid annealing problem: {detail}.");
}
