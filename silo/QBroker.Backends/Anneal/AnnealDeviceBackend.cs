using QBroker.Backends.Execution;

namespace QBroker.Backends.Anneal;

/// <summary>
/// The embedded backend of an annealer: simulated annealing in place of the QPU. Minor embedding is skipped; the
/// device's limits on variables (its qubit count), couplers and reads are enforced.
/// </summary>
public sealed class AnnealDeviceBackend : IDeviceBackend
{
    public const string EngineName = "simulated-annealing";

    /// <summary>Upper bound on sweeps per read, so one job cannot occupy the silo for hours.</summary>
    public const int MaxSweeps = 1_000_000;

    private readonly int _maxDegreeOfParallelism;

    public AnnealDeviceBackend(DeviceModel device, int maxDegreeOfParallelism = 0)
    {
        if (device.Kind != DeviceKind.Anneal)
        {
            throw new ArgumentException($"{device.Id} is not an annealer.", nameof(device));
        }
        Device = device;
        _maxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
    }

    public DeviceModel Device { get; }

    public BackendCheck Check(Workload workload, int shots)
    {
        if (workload is not AnnealWorkload anneal)
        {
            return BackendCheck.Refuse($"{Device.Id} is an annealer; it runs QUBO/Ising problems, not a {workload.GetType().Name}.");
        }
        if (shots < 1 || shots > Device.MaxShots)
        {
            return BackendCheck.Refuse($"{shots} reads requested; {Device.Id} takes between 1 and {Device.MaxShots}.");
        }
        if (anneal.Problem.VariableCount > Device.QubitCount)
        {
            return BackendCheck.Refuse($"The problem has {anneal.Problem.VariableCount} variables; {Device.Id} has {Device.QubitCount} qubits.");
        }
        if (Device.MaxCouplers > 0 && anneal.Problem.Quadratic.Count > Device.MaxCouplers)
        {
            return BackendCheck.Refuse($"The problem has {anneal.Problem.Quadratic.Count} quadratic terms; {Device.Id} has {Device.MaxCouplers} couplers.");
        }
        if (anneal.NumSweeps < 1 || anneal.NumSweeps > MaxSweeps)
        {
            return BackendCheck.Refuse($"numSweeps must be between 1 and {MaxSweeps}; got {anneal.NumSweeps}.");
        }
        return BackendCheck.Ok;
    }

    public TimeSpan EstimateDeviceTime(Workload workload, int shots) => Device.Timing.TaskDuration(0, Math.Max(0, shots));

    public Task<ExecutionResult> ExecuteAsync(Workload workload, int shots, ulong seed, CancellationToken cancellationToken)
    {
        var check = Check(workload, shots);
        if (!check.Accepted)
        {
            return Task.FromException<ExecutionResult>(new WorkloadRejectedException(check.Reason!));
        }
        return Task.Run(() => Execute((AnnealWorkload)workload, shots, seed, cancellationToken), cancellationToken);
    }

    private ExecutionResult Execute(AnnealWorkload workload, int reads, ulong seed, CancellationToken cancellationToken)
    {
        var problem = workload.Problem;
        var ising = problem.ToIsing();
        var betas = BetaSchedule.Geometric(workload.BetaRange ?? BetaSchedule.DefaultRange(ising), workload.NumSweeps);
        var spins = new SimulatedAnnealer(ising).Sample(reads, betas, workload.RandomizeOrder, new DeterministicRandom(seed), _maxDegreeOfParallelism, cancellationToken);
        var samples = AnnealResults.Aggregate(problem, spins);
        var counts = samples.ToDictionary(s => AnnealResults.Key(s.Values, problem.Type), s => s.Occurrences);
        return new ExecutionResult(counts, EstimateDeviceTime(workload, reads), EngineName) { Samples = samples };
    }
}
