using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using QBroker.Backends.Anneal;
using QBroker.Backends.Execution;

namespace QBroker.Benchmarks.Backends;

/// <summary>
/// One read of 1000 sweeps on a 1000-variable sparse Ising problem (each variable coupled to about six others,
/// ±1 couplings, random fields). Sweeps per second = 1000 / mean time.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class AnnealerBenchmarks
{
    private const int Sweeps = 1000;
    private SimulatedAnnealer _annealer = null!;
    private double[] _betas = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        const int n = 1000;
        var terms = new List<QuadraticTerm>();
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                terms.Add(new QuadraticTerm(i, (i + 1 + random.Next(n - 1)) % n, random.Next(2) == 0 ? -1 : 1));
            }
        }
        var ising = new AnnealProblem(VariableType.Spin, n, Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray(), terms);
        _annealer = new SimulatedAnnealer(ising);
        _betas = BetaSchedule.Geometric(BetaSchedule.DefaultRange(ising), Sweeps);
    }

    [Benchmark(Baseline = true, Description = "1000 sweeps, sequential order")]
    public sbyte[] Sequential() => _annealer.Anneal(_betas, randomizeOrder: false, new DeterministicRandom(1), default);

    [Benchmark(Description = "1000 sweeps, random order (default)")]
    public sbyte[] RandomOrder() => _annealer.Anneal(_betas, randomizeOrder: true, new DeterministicRandom(1), default);
}
