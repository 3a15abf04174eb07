using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using QBroker.Qkd.Randomness;
using QBroker.Qkd.Reconciliation;

namespace QBroker.Benchmarks.Qkd;

/// <summary>
/// Reconciliation on 10,000-bit frames with exactly Qber x n errors; time is per frame (OperationsPerInvoke), so
/// bits per second = 10,000 / time. The original Cascade is the baseline for the improved variants. The extra
/// columns (<see cref="CascadeQualityColumn"/>) give efficiency f, channel uses and residual frame errors.
/// </summary>
[Config(typeof(QualityColumns))]
public class CascadeBenchmarks
{
    private const int FrameBits = 10_000;
    private const int Frames = 32;

    private readonly byte[][] _alice = new byte[Frames][];
    private readonly byte[][] _bob = new byte[Frames][];
    private readonly byte[] _work = new byte[FrameBits];

    [Params(0.01, 0.02, 0.05, 0.08, 0.10)]
    public double Qber { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(7);
        for (var f = 0; f < Frames; f++)
        {
            (_alice[f], _bob[f]) = ErroredFrame.Create(random, FrameBits, Qber);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public int Original() => Run(CascadeVariant.Original);

    [Benchmark(OperationsPerInvoke = Frames)]
    public int YanEtAl() => Run(CascadeVariant.YanEtAl);

    [Benchmark(OperationsPerInvoke = Frames)]
    public int Option3() => Run(CascadeVariant.Option3);

    [Benchmark(OperationsPerInvoke = Frames)]
    public int PowerOfTwoBlocks() => Run(CascadeVariant.PowerOfTwoBlocks);

    private int Run(CascadeVariant variant)
    {
        // A new reconciler per invocation, as a session block has (the public permutations are shared process-wide).
        var reconciler = new CascadeReconciler(variant);
        var disclosed = 0;
        for (var f = 0; f < Frames; f++)
        {
            _bob[f].CopyTo(_work, 0);
            disclosed += reconciler.Reconcile(_alice[f], _work, Qber).DisclosedBits;
        }

        return disclosed;
    }

    private sealed class QualityColumns : ManualConfig
    {
        public QualityColumns()
        {
            AddColumn(
                new CascadeQualityColumn(CascadeQualityColumn.Quantity.Efficiency),
                new CascadeQualityColumn(CascadeQualityColumn.Quantity.ChannelUses),
                new CascadeQualityColumn(CascadeQualityColumn.Quantity.ResidualFrameErrors),
                new CascadeQualityColumn(CascadeQualityColumn.Quantity.FrameErrorRateUpperBound));
        }
    }
}
