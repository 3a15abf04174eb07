using System.Globalization;
using QBroker.Client;

namespace QBroker.Benchmarks.Broker;

/// <summary>The load generator's <c>--name value</c> options, with the connection every mode shares.</summary>
public sealed class LoadOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public LoadOptions(string[] args)
    {
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--option value', got '{args[i]}'. See the header of LoadGenerator.cs for the options.");
            }
            _values[args[i][2..]] = args[i + 1];
        }
    }

    public Uri Url => new(Text("url") ?? Environment.GetEnvironmentVariable("QBROKER_URL") ?? "http://127.0.0.1:5080");

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A client with <c>--token</c> (or QBROKER_TOKEN).</summary>
    public QBrokerClient Client() => new(Url, Text("token") ?? Environment.GetEnvironmentVariable("QBROKER_TOKEN")
        ?? throw new ArgumentException("--token (or QBROKER_TOKEN) is required: a researcher's API key."));
}
