using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using QBroker.Qkd.Randomness;
using QBroker.Qkd.Reconciliation;
using QBroker.Qkd.Theory;

namespace QBroker.Benchmarks.Qkd;

/// <summary>
/// Adds to the Cascade benchmark table what reconciliation achieves, measured in the host process on 300 fresh
/// 10,000-bit frames per row (seeded, so the figures repeat): efficiency f, channel uses and residual frame errors.
/// </summary>
public sealed class CascadeQualityColumn(CascadeQualityColumn.Quantity quantity) : IColumn
{
    private const int Frames = 300;
    private const int FrameBits = 10_000;
    private static readonly Dictionary<(CascadeVariant, double), (double F, double Uses, int Failures)> Cache = [];

    public enum Quantity
    {
        Efficiency,
        ChannelUses,
        ResidualFrameErrors,
    }

    public string Id => $"Cascade{quantity}";

    public string ColumnName => quantity switch
    {
        Quantity.Efficiency => "f",
        Quantity.ChannelUses => "ChannelUses",
        _ => $"FrameErrors/{Frames}",
    };

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)quantity;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Measured on 300 seeded 10,000-bit frames with exactly QBER x n errors";

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
            _ => failures.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static (double F, double Uses, int Failures) Measure(CascadeVariant variant, double qber)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((variant, qber), out var known))
            {
                return known;
            }

            var random = new DeterministicRandom(20261125);
            var reconciler = new CascadeReconciler(variant);
            double disclosed = 0;
            double uses = 0;
            var failures = 0;
            for (var frame = 0; frame < Frames; frame++)
            {
                var (alice, bob) = ErroredFrames.Create(random, FrameBits, qber);
                var statistics = reconciler.Reconcile(alice, bob, qber, random);
                disclosed += statistics.DisclosedBits;
                uses += statistics.ChannelUses;
                failures += alice.AsSpan().SequenceEqual(bob) ? 0 : 1;
            }

            var result = (disclosed / Frames / (FrameBits * BinaryEntropy.H2(qber)), uses / Frames, failures);
            Cache[(variant, qber)] = result;
            return result;
        }
    }
}
