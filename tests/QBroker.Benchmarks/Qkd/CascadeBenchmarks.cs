using BenchmarkDotNet.Attributes;
using QBroker.Qkd.Randomness;
using QBroker.Qkd.Reconciliation;

namespace QBroker.Benchmarks.Qkd;

/// <summary>
/// Reconciliation speed on 10,000-bit frames with exactly 2 % errors; time is per frame (OperationsPerInvoke), so
/// bits per second = 10,000 / time. The original Cascade is the baseline for the improved variants.
/// </summary>
public class CascadeBenchmarks
{
    private const int FrameBits = 10_000;
    private const int Frames = 32;
    private const double Qber = 0.02;

    private readonly byte[][] _alice = new byte[Frames][];
    private readonly byte[][] _bob = new byte[Frames][];
    private readonly byte[] _work = new byte[FrameBits];

    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(7);
        for (var f = 0; f < Frames; f++)
        {
            _alice[f] = new byte[FrameBits];
            for (var i = 0; i < FrameBits; i++)
            {
                _alice[f][i] = (byte)random.NextBit();
            }

            _bob[f] = _alice[f].ToArray();
            var positions = RandomVariates.Permutation(random, FrameBits);
            for (var e = 0; e < (int)(Qber * FrameBits); e++)
            {
                _bob[f][positions[e]] ^= 1;
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public int Original() => Run(CascadeVariant.Original);

    [Benchmark(OperationsPerInvoke = Frames)]
    public int YanEtAl() => Run(CascadeVariant.YanEtAl);

    [Benchmark(OperationsPerInvoke = Frames)]
    public int Option3() => Run(CascadeVariant.Option3);

    private int Run(CascadeVariant variant)
    {
        // A new reconciler per invocation, as a session has: its first frame pays for drawing the permutations.
        var reconciler = new CascadeReconciler(variant);
        var random = new DeterministicRandom(11);
        var disclosed = 0;
        for (var f = 0; f < Frames; f++)
        {
            _bob[f].CopyTo(_work, 0);
            disclosed += reconciler.Reconcile(_alice[f], _work, Qber, random).DisclosedBits;
        }

        return disclosed;
    }
}
