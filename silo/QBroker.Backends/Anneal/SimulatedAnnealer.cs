using QBroker.Backends.Execution;

namespace QBroker.Backends.Anneal;

/// <summary>
/// Simulated annealing over Ising spins with the kernel of dwave-samplers (qpu note §5.1): random initial state,
/// sequential sweeps, Metropolis acceptance, a local field per spin updated incrementally after each accepted flip,
/// proposals with β·ΔE ≥ 44.36 (acceptance below e^−44) skipped. By default each sweep proposes n flips of variables
/// drawn uniformly at random (dwave-samplers' randomize_order=True): the sequential order of its default is not
/// ergodic with Metropolis (its documentation says so), and on an antiferromagnetic ring two domain walls then move in
/// lockstep and never meet, so a cycle's max-cut is missed. Reads run in parallel, each with its own generator
/// forked in read order from the job's seed, so the result does not depend on thread scheduling.
/// </summary>
public sealed class SimulatedAnnealer
{
    private const double SkipThreshold = 44.36142;

    private readonly int _n;
    private readonly double[] _h;
    private readonly int[] _rowStart;
    private readonly int[] _neighbour;
    private readonly double[] _coupling;

    /// <param name="ising">A spin problem (see <see cref="AnnealProblem.ToIsing"/>).</param>
    public SimulatedAnnealer(AnnealProblem ising)
    {
        if (ising.Type != VariableType.Spin)
        {
            throw new ArgumentException("The annealer works on spins; convert with ToIsing first.", nameof(ising));
        }
        _n = ising.VariableCount;
        _h = ising.Linear.ToArray();
        var degree = new int[_n];
        foreach (var t in ising.Quadratic)
        {
            degree[t.I]++;
            degree[t.J]++;
        }
        _rowStart = new int[_n + 1];
        for (var i = 0; i < _n; i++)
        {
            _rowStart[i + 1] = _rowStart[i] + degree[i];
        }
        _neighbour = new int[_rowStart[_n]];
        _coupling = new double[_rowStart[_n]];
        var fill = _rowStart[.._n];
        foreach (var t in ising.Quadratic)
        {
            _neighbour[fill[t.I]] = t.J;
            _coupling[fill[t.I]++] = t.Weight;
            _neighbour[fill[t.J]] = t.I;
            _coupling[fill[t.J]++] = t.Weight;
        }
    }

    /// <summary>Runs <paramref name="reads"/> independent anneals; returns each read's final spins.</summary>
    public sbyte[][] Sample(int reads, double[] betas, bool randomizeOrder, DeterministicRandom random, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        var generators = Enumerable.Range(0, reads).Select(_ => random.Fork()).ToArray();
        var results = new sbyte[reads][];
        Parallel.For(0, reads, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken },
            r => results[r] = Anneal(betas, randomizeOrder, generators[r], cancellationToken));
        return results;
    }

    /// <summary>One read: returns the spins after the last sweep.</summary>
    public sbyte[] Anneal(double[] betas, bool randomizeOrder, DeterministicRandom random, CancellationToken cancellationToken)
    {
        var spins = new sbyte[_n];
        for (var i = 0; i < _n; i++)
        {
            spins[i] = (random.NextUInt64() & 1) == 0 ? (sbyte)-1 : (sbyte)1;
        }
        var field = new double[_n];
        for (var i = 0; i < _n; i++)
        {
            var f = _h[i];
            for (var k = _rowStart[i]; k < _rowStart[i + 1]; k++)
            {
                f += _coupling[k] * spins[_neighbour[k]];
            }
            field[i] = f;
        }
        foreach (var beta in betas)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var skipAbove = SkipThreshold / beta;
            for (var step = 0; step < _n; step++)
            {
                var i = randomizeOrder ? random.NextInt(_n) : step;
                var delta = -2.0 * spins[i] * field[i];
                if (delta > 0 && (delta >= skipAbove || Math.Exp(-beta * delta) <= random.NextDouble()))
                {
                    continue;
                }
                var flipped = (sbyte)-spins[i];
                spins[i] = flipped;
                var change = 2.0 * flipped;
                for (var e = _rowStart[i]; e < _rowStart[i + 1]; e++)
                {
                    field[_neighbour[e]] += change * _coupling[e];
                }
            }
        }
        return spins;
    }
}
