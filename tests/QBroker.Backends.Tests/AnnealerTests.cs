using QBroker.Backends.Anneal;
using QBroker.Backends.Execution;

namespace QBroker.Backends.Tests;

public sealed class AnnealerTests
{
    private static readonly IDeviceBackend DWave =
        DeviceBackends.Create(DeviceCatalogue.CreateDefault().Single(d => d.Id == "dwave-advantage"), BackendOptions.Default);

    [Fact]
    public void Qubo_and_its_ising_form_have_the_same_energy_on_every_assignment()
    {
        var qubo = RandomProblem(VariableType.Binary, 7, density: 0.6, seed: 1);
        var ising = qubo.ToIsing();
        for (var mask = 0; mask < 1 << 7; mask++)
        {
            var x = Enumerable.Range(0, 7).Select(i => mask >> i & 1).ToArray();
            var s = x.Select(v => 2 * v - 1).ToArray();
            Assert.Equal(qubo.Energy(x), ising.Energy(s), 9);
        }
    }

    [Theory]
    [InlineData(VariableType.Binary, 8, 0.5, 1)]
    [InlineData(VariableType.Spin, 12, 0.4, 2)]
    [InlineData(VariableType.Binary, 16, 0.3, 3)]
    [InlineData(VariableType.Spin, 20, 0.2, 4)]
    [InlineData(VariableType.Binary, 20, 0.25, 5)]
    public async Task Annealing_finds_the_brute_force_optimum(VariableType type, int n, double density, int seed)
    {
        var problem = RandomProblem(type, n, density, seed);
        var result = await DWave.ExecuteAsync(new AnnealWorkload(problem), 50, (ulong)seed, default);
        Assert.Equal(BruteForceMinimum(problem), result.Samples![0].Energy, 9);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(9)]
    public async Task Max_cut_of_a_complete_graph_is_floor_n_squared_over_four(int n)
    {
        var edges = from i in Enumerable.Range(0, n) from j in Enumerable.Range(i + 1, n - i - 1) select (i, j);
        Assert.Equal(-(n * n / 4), await BestCutEnergy(n, edges));
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(11, 10)]
    public async Task Max_cut_of_a_cycle_is_its_length_rounded_down_to_even(int n, int cut)
    {
        Assert.Equal(-cut, await BestCutEnergy(n, Enumerable.Range(0, n).Select(i => (i, (i + 1) % n))));
    }

    [Fact]
    public async Task Sequential_sweeps_miss_the_ring_optimum_that_random_order_finds()
    {
        // The reason random order is the default: with dwave-samplers' sequential Metropolis sweeps the two domain
        // walls of an antiferromagnetic ring travel together and never annihilate.
        var ring = MaxCutQubo(10, Enumerable.Range(0, 10).Select(i => (i, (i + 1) % 10)));
        var sequential = await DWave.ExecuteAsync(new AnnealWorkload(ring, RandomizeOrder: false), 20, 1, default);
        var randomOrder = await DWave.ExecuteAsync(new AnnealWorkload(ring), 20, 1, default);
        Assert.True(sequential.Samples![0].Energy > -10);
        Assert.Equal(-10, randomOrder.Samples![0].Energy);
    }

    [Fact]
    public async Task Max_cut_of_the_petersen_graph_is_twelve()
    {
        var outer = Enumerable.Range(0, 5).Select(i => (i, (i + 1) % 5));
        var spokes = Enumerable.Range(0, 5).Select(i => (i, i + 5));
        var inner = Enumerable.Range(0, 5).Select(i => (5 + i, 5 + (i + 2) % 5));
        Assert.Equal(-12, await BestCutEnergy(10, outer.Concat(spokes).Concat(inner)));
    }

    [Fact]
    public async Task Samples_are_aggregated_sorted_and_counted()
    {
        var problem = RandomProblem(VariableType.Spin, 10, 0.4, seed: 8);
        const int reads = 64;
        var result = await DWave.ExecuteAsync(new AnnealWorkload(problem, NumSweeps: 20), reads, 3, default);
        var samples = result.Samples!;
        Assert.Equal(reads, samples.Sum(s => s.Occurrences));
        Assert.Equal(samples.Select(s => s.Energy).Order(), samples.Select(s => s.Energy));
        Assert.All(samples, s => Assert.Equal(problem.Energy(s.Values.ToArray()), s.Energy, 9));
        Assert.All(samples, s => Assert.All(s.Values, v => Assert.True(v is 1 or -1)));
        Assert.Equal(samples.Count, result.Counts.Count);
        Assert.Equal("simulated-annealing", result.Engine);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_samples()
    {
        var problem = RandomProblem(VariableType.Binary, 30, 0.2, seed: 9);
        var a = await DWave.ExecuteAsync(new AnnealWorkload(problem, NumSweeps: 30), 40, 77, default);
        var b = await DWave.ExecuteAsync(new AnnealWorkload(problem, NumSweeps: 30), 40, 77, default);
        Assert.Equal(a.Counts.OrderBy(kv => kv.Key), b.Counts.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Default_beta_range_follows_dwave_samplers()
    {
        // h = (1, −0.5), J01 = 2: largest local field 1 + 2 = 3, smallest coefficient 0.5, n = 2.
        var ising = new AnnealProblem(VariableType.Spin, 2, [1, -0.5], [new QuadraticTerm(0, 1, 2)]);
        var range = BetaSchedule.DefaultRange(ising);
        Assert.Equal(Math.Log(2) / 6, range.Hot, 12);
        Assert.Equal(Math.Log(2 / 0.01) / 1.0, range.Cold, 12);
        var betas = BetaSchedule.Geometric(range, 5);
        Assert.Equal(range.Hot, betas[0], 12);
        Assert.Equal(range.Cold, betas[^1], 12);
        Assert.Equal(betas[1] / betas[0], betas[4] / betas[3], 9);
    }

    [Fact]
    public void Device_limits_are_enforced()
    {
        var tooMany = new AnnealProblem(VariableType.Binary, 5001, [], []);
        Assert.Contains("5001", DWave.Check(new AnnealWorkload(tooMany), 10).Reason);
        var small = new AnnealWorkload(new AnnealProblem(VariableType.Binary, 2, [1], []));
        Assert.False(DWave.Check(small, 10_001).Accepted);
        Assert.False(DWave.Check(small with { NumSweeps = 0 }, 1).Accepted);
        Assert.True(DWave.Check(small, 1).Accepted);
        // 15 ms programming plus 1000 reads of 140 µs.
        Assert.Equal(0.015 + 1000 * 140e-6, DWave.EstimateDeviceTime(small, 1000).TotalSeconds, 6);
    }

    [Fact]
    public void Sweeps_are_fast_enough_for_a_thousand_variables()
    {
        // Not a timing assertion: a sanity run of the benchmark's workload at small scale, checked for quality.
        var problem = RandomSparse(1000, degree: 6, seed: 1);
        var ising = problem.ToIsing();
        var annealer = new SimulatedAnnealer(ising);
        var spins = annealer.Anneal(BetaSchedule.Geometric(BetaSchedule.DefaultRange(ising), 200), true, new DeterministicRandom(1), default);
        var random = annealer.Anneal(BetaSchedule.Geometric(new BetaRange(1e-6, 1e-6), 1), true, new DeterministicRandom(2), default);
        Assert.True(ising.Energy(spins.Select(s => (int)s).ToArray()) < ising.Energy(random.Select(s => (int)s).ToArray()));
    }

    internal static AnnealProblem RandomSparse(int n, int degree, int seed)
    {
        var random = new Random(seed);
        var terms = new List<QuadraticTerm>();
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < degree / 2; k++)
            {
                terms.Add(new QuadraticTerm(i, (i + 1 + random.Next(n - 1)) % n, random.Next(2) == 0 ? -1 : 1));
            }
        }
        return new AnnealProblem(VariableType.Spin, n, Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray(), terms);
    }

    private static async Task<double> BestCutEnergy(int n, IEnumerable<(int I, int J)> edges)
    {
        var result = await DWave.ExecuteAsync(new AnnealWorkload(MaxCutQubo(n, edges)), 20, 1, default);
        return result.Samples![0].Energy;
    }

    /// <summary>Max-cut as a QUBO (qpu note §5.2): minimise Σ_(i,j) (2·x_i·x_j − x_i − x_j) = −cut.</summary>
    private static AnnealProblem MaxCutQubo(int n, IEnumerable<(int I, int J)> edges)
    {
        var linear = new double[n];
        var quadratic = new List<QuadraticTerm>();
        foreach (var (i, j) in edges)
        {
            linear[i] -= 1;
            linear[j] -= 1;
            quadratic.Add(new QuadraticTerm(i, j, 2));
        }
        return new AnnealProblem(VariableType.Binary, n, linear, quadratic);
    }

    private static AnnealProblem RandomProblem(VariableType type, int n, double density, int seed)
    {
        var random = new Random(seed);
        var linear = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 4 - 2, 2)).ToArray();
        var terms = new List<QuadraticTerm>();
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (random.NextDouble() < density)
                {
                    terms.Add(new QuadraticTerm(i, j, Math.Round(random.NextDouble() * 4 - 2, 2)));
                }
            }
        }
        return new AnnealProblem(type, n, linear, terms, offset: 0.5);
    }

    /// <summary>Visits all 2^n assignments in Gray-code order, updating the energy by the one flipped variable.</summary>
    private static double BruteForceMinimum(AnnealProblem problem)
    {
        var n = problem.VariableCount;
        var low = problem.Type == VariableType.Binary ? 0 : -1;
        var values = Enumerable.Repeat(low, n).ToArray();
        var neighbours = Enumerable.Range(0, n).Select(_ => new List<(int, double)>()).ToArray();
        foreach (var t in problem.Quadratic)
        {
            neighbours[t.I].Add((t.J, t.Weight));
            neighbours[t.J].Add((t.I, t.Weight));
        }
        var energy = problem.Energy(values);
        var best = energy;
        for (long k = 1; k < 1L << n; k++)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(k);
            var old = values[i];
            var updated = problem.Type == VariableType.Binary ? 1 - old : -old;
            var field = problem.Linear[i];
            foreach (var (j, w) in neighbours[i])
            {
                field += w * values[j];
            }
            energy += (updated - old) * field;
            values[i] = updated;
            best = Math.Min(best, energy);
        }
        return best;
    }
}
