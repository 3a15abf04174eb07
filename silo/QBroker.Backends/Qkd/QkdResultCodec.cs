using System.Globalization;

namespace QBroker.Backends.Qkd;

/// <summary>
/// Stores the figures of an experiment in a job result's counts map, the one place a result keeps numbers
/// (<see cref="ExecutionResult.Counts"/>, persisted as it is). Row i's figure f is the key "i.f" when the value is a
/// whole number (every count is), and "i.f@1e-k" holding round(value · 10^k) otherwise, with k chosen per value so
/// the mantissa keeps 17 significant digits within a long: a decimal floating point that a person reading the raw
/// counts can still decode, and that round-trips every double to within one unit in the 16th significant digit.
/// Values below 1e-280 in magnitude are stored as 0 and values above 1e280 are not stored, like non-finite ones:
/// no figure of a session comes near either (the smallest, a key rate per pulse, is above 1e-30 wherever a key exists),
/// and within that range every power of ten involved is a finite double.
/// </summary>
public static class QkdResultCodec
{
    // Mantissas stay below 10^17 < 2^63 ≈ 9.2e18, so they fit a long with room for rounding.
    private const int SignificantDigits = 17;

    // Exactly representable integers in a double.
    private const double MaxExactInteger = 9_007_199_254_740_992;

    private const double Smallest = 1e-280;

    private const double Largest = 1e280;

    public static Dictionary<string, long> Encode(IReadOnlyList<IReadOnlyDictionary<string, double>> rows)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var row = 0; row < rows.Count; row++)
        {
            foreach (var (name, value) in rows[row])
            {
                if (!double.IsFinite(value) || Math.Abs(value) > Largest)
                {
                    continue;
                }
                if (Math.Abs(value) < Smallest || (value == Math.Floor(value) && Math.Abs(value) <= MaxExactInteger))
                {
                    counts[$"{row}.{name}"] = Math.Abs(value) < Smallest ? 0 : (long)value;
                    continue;
                }
                var exponent = SignificantDigits - (int)Math.Ceiling(Math.Log10(Math.Abs(value)));
                counts[$"{row}.{name}@1e{(-exponent).ToString(CultureInfo.InvariantCulture)}"] = (long)Math.Round(value * Math.Pow(10, exponent));
            }
        }
        return counts;
    }

    /// <summary>The rows back, each figure in <see cref="QkdFigures.Names"/> order; a key that is not "row.figure" is refused.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Decode(IReadOnlyDictionary<string, long> counts)
    {
        var rows = new SortedDictionary<int, Dictionary<string, double>>();
        foreach (var (key, stored) in counts)
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !int.TryParse(key.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var row))
            {
                throw new FormatException($"'{key}' is not a QKD result figure.");
            }
            var name = key[(dot + 1)..];
            var value = (double)stored;
            var at = name.IndexOf("@1e", StringComparison.Ordinal);
            if (at >= 0)
            {
                if (!int.TryParse(name.AsSpan(at + 3), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent))
                {
                    throw new FormatException($"'{key}' has no decimal exponent.");
                }
                // Dividing by an exact power of ten (up to 10^22) rounds once; multiplying by 10^-k would round twice.
                value = exponent < 0 ? stored / Math.Pow(10, -exponent) : stored * Math.Pow(10, exponent);
                name = name[..at];
            }
            if (!rows.TryGetValue(row, out var figures))
            {
                rows[row] = figures = new Dictionary<string, double>(StringComparer.Ordinal);
            }
            figures[name] = value;
        }
        var order = QkdFigures.Names.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
        return [.. rows.Values.Select(figures => (IReadOnlyDictionary<string, double>)figures
            .OrderBy(f => order.TryGetValue(f.Key, out var index) ? index : int.MaxValue)
            .ThenBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal))];
    }
}
