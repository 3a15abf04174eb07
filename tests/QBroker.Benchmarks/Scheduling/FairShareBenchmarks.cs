using BenchmarkDotNet.Attributes;
using QBroker.Grains.Scheduling;

namespace QBroker.Benchmarks.Scheduling;

/// <summary>
/// The fair-share factors the scheduler reads on a dispatch decision: one per leaf of a program with 5
/// institutions × 4 projects × 10 researchers (200 leaves, depth 3), all with usage. Each benchmark is one pass
/// over the 200 leaves. The baseline is a full report (every node's usage decayed and its factor computed), which
/// is what a decision would cost without the cache.
/// </summary>
[MemoryDiagnoser]
public class FairShareBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private FairShareTree _tree = null!;
    private string[] _leaves = [];
    private int _nextCharged;

    [GlobalSetup]
    public void Setup()
    {
        var nodes = new List<FairShareNode> { new("program", null, 1) };
        var leaves = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            nodes.Add(new FairShareNode($"i{i}", "program", 10 + (10 * i)));
            for (var p = 0; p < 4; p++)
            {
                nodes.Add(new FairShareNode($"i{i}p{p}", $"i{i}", 1 + p));
                for (var r = 0; r < 10; r++)
                {
                    var leaf = $"i{i}p{p}r{r}";
                    nodes.Add(new FairShareNode(leaf, $"i{i}p{p}", 1));
                    leaves.Add(leaf);
                }
            }
        }

        _tree = new FairShareTree(nodes, new FairShareOptions());
        _leaves = [.. leaves];
        var random = new Random(7);
        foreach (var leaf in _leaves)
        {
            _tree.AddUsage(leaf, random.Next(1, 1_000), T0.AddHours(random.Next(0, 24 * 14)));
        }
    }

    [Benchmark(Baseline = true)]
    public int FullReport() => _tree.Report(T0.AddDays(15)).Nodes.Count;

    [Benchmark]
    public double FactorOfEveryLeafUnchanged() => SumOfLeafFactors();

    /// <summary>The usual dispatch step: the previous job's charge invalidates the cache, then every leaf is ranked.</summary>
    [Benchmark]
    public double FactorOfEveryLeafAfterACharge()
    {
        _tree.AddUsage(_leaves[_nextCharged], 1, T0.AddDays(15));
        _nextCharged = (_nextCharged + 1) % _leaves.Length;
        return SumOfLeafFactors();
    }

    private double SumOfLeafFactors()
    {
        var sum = 0.0;
        foreach (var leaf in _leaves)
        {
            sum += _tree.Factor(leaf);
        }

        return sum;
    }
}
