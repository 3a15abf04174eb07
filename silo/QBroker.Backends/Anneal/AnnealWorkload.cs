namespace QBroker.Backends.Anneal;

/// <summary>
/// An annealing job: the problem plus D-Wave-style sampler parameters. The number of reads is the job's shot count.
/// <see cref="BetaRange"/> (hot, cold inverse temperatures) is computed from the coefficients when null.
/// <see cref="RandomizeOrder"/> picks the variable of each proposal at random instead of sweeping in index order
/// (see <see cref="SimulatedAnnealer"/> for why it is the default here).
/// </summary>
public sealed record AnnealWorkload(
    AnnealProblem Problem,
    int NumSweeps = AnnealWorkload.DefaultSweeps,
    BetaRange? BetaRange = null,
    bool RandomizeOrder = true) : Workload
{
    /// <summary>dwave-samplers' default num_sweeps.</summary>
    public const int DefaultSweeps = 1000;
}

/// <summary>Inverse temperatures at the start (hot, small β) and end (cold, large β) of the schedule.</summary>
public sealed record BetaRange(double Hot, double Cold);

/// <summary>One distinct sample: values in the problem's variable type, its energy, and how many reads returned it.</summary>
public sealed record AnnealSample(IReadOnlyList<int> Values, double Energy, long Occurrences);
