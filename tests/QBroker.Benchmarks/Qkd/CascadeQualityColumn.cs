using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using QBroker.Qkd.Reconciliation;

namespace QBroker.Benchmarks.Qkd;

/// <summary>
/// Adds to the Cascade benchmark table what reconciliation achieves, measured in the host process on 3,000 fresh
/// 10,000-bit frames per row (seeded, so the figures repeat): efficiency f, channel uses, residual frame errors
/// before verification, and the one-sided 95 % Clopper-Pearson upper bound on the frame error rate (with no error
/// in 3,000 frames it is 1 - 0.05^(1/3000) = 9.98e-4, so a row with no error shows FER below 1e-3 at 95 %).
/// </summary>
public sealed class CascadeQualityColumn(CascadeQualityColumn.Quantity quantity) : IColumn
{
    private const int Frames = 3_000;
    private const int FrameBits = 10_000;
    private static readonly Dictionary<(CascadeVariant, double), (double F, double Uses, int Failures)> Cache = [];

    public enum Quantity
    {
        Efficiency,
        ChannelUses,
        ResidualFrameErrors,
        FrameErrorRateUpperBound,
    }

    public string Id => $"Cascade{quantity}";

    public string ColumnName => quantity switch
    {
        Quantity.Efficiency => "f",
        Quantity.ChannelUses => "ChannelUses",
        Quantity.ResidualFrameErrors => $"FrameErrors/{Frames}",
        _ => "FER95",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)quantity;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Measured on 3,000 seeded 10,000-bit frames with exactly QBER x n errors; FER95 is the 95 % upper bound";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var variant = Enum.Parse<CascadeVariant>(benchmarkCase.Descriptor.WorkloadMethod.Name);
        var qber = (double)benchmarkCase.Parameters["Qber"];
        var (f, uses, failures) = Measure(variant, qber);
        return quantity switch
        {
            Quantity.Efficiency => f.ToString("F4", System.Globalization.CultureInfo.InvariantCulture),
            Quantity.ChannelUses => uses.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
            Quantity.ResidualFrameErrors => failures.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => UpperBound(failures, Frames).ToString("E2", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The p at which k or fewer failures in n frames have probability 5 % (bisection on the binomial CDF).</summary>
    private static double UpperBound(int failures, int frames)
    {
        double low = 0, high = 1;
        for (var i = 0; i < 60; i++)
        {
            var p = (low + high) / 2;
            if (BinomialCdf(failures, frames, p) > 0.05)
            {
                low = p;
            }
            else
            {
                high = p;
            }
        }

        return high;
    }

    private static double BinomialCdf(int k, int n, double p)
    {
        // Terms by the ratio C(n, j + 1) / C(n, j) = (n - j) / (j + 1), from (1 - p)^n; k is small.
        var term = Math.Pow(1 - p, n);
        var sum = term;
        for (var j = 0; j < k; j++)
        {
            term *= (n - j) / (j + 1.0) * p / (1 - p);
            sum += term;
        }

        return sum;
    }

    private static (double F, double Uses, int Failures) Measure(CascadeVariant variant, double qber)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((variant, qber), out var known))
            {
                var quality = CascadeQuality.Measure(variant, qber, Frames, FrameBits, seed: 20261125);
                known = (quality.Efficiency, quality.ChannelUses, quality.ResidualFrameErrors);
                Cache[(variant, qber)] = known;
            }

            return known;
        }
    }
}
