namespace QBroker.Backends;

/// <summary>Resource limits and tuning of the embedded simulators.</summary>
public sealed record BackendOptions
{
    /// <summary>
    /// Largest state vector (16 bytes per amplitude, two copies for a per-shot run) one simulation may allocate; larger
    /// circuits are refused by Check, so at submission. A configured value is used as it is. Unset (the default), it
    /// is derived from the memory the process may use (<see cref="StateVectorMemoryBudget"/>): the whole budget while
    /// nothing says how many simulations run at once, an equal share of it after <see cref="SharedBy"/>.
    /// </summary>
    public long? MaxStateVectorBytes { get; init; }

    /// <summary>The limit in force: <see cref="MaxStateVectorBytes"/> when set, else the derived budget of one simulation.</summary>
    public long StateVectorLimitBytes =>
        MaxStateVectorBytes ?? StateVectorMemoryBudget.PerSimulation(StateVectorMemoryBudget.AvailableBytes, 1);

    /// <summary>Threads a single gate pass may use. Default: every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Non-diagonal gates are fused into dense blocks of at most this many qubits before the simulation loop. Default 2:
    /// a dense k-qubit pass does 2^k complex multiply-adds per amplitude, so beyond two qubits a pass is bound by
    /// arithmetic rather than memory on this class of machine (docs/benchmarks-backends.md). Diagonal gates fuse
    /// into much wider blocks regardless (see <see cref="StateVector.GateFusion"/>).
    /// </summary>
    public int MaxFusedQubits { get; init; } = 2;

    /// <summary>States smaller than 2^this amplitudes are processed on one thread: below it, thread hand-off costs more than it saves. Default 16.</summary>
    public int ParallelThresholdQubits { get; init; } = 16;

    /// <summary>Clifford circuits run on the stabilizer engine (any width) instead of the state vector. Default true.</summary>
    public bool PreferStabilizer { get; init; } = true;

    /// <summary>
    /// Budget, in amplitude updates, for applying thermal relaxation exactly (amplitude-damping trajectories: at
    /// most two passes over the state per relaxation step per shot, usually one). A noisy run whose
    /// shots × relaxation steps × 2 × 2^n exceeds it uses the Pauli-twirled relaxation instead (no extra pass unless
    /// an error is drawn). Default 2^31, about a second or two of work on this class of machine.
    /// </summary>
    public long MaxExactRelaxationWork { get; init; } = 1L << 31;

    public static BackendOptions Default { get; } = new();

    /// <summary>Throws when a setting is out of range, so a bad configuration fails at start-up.</summary>
    public void Validate()
    {
        if (MaxStateVectorBytes is { } maxStateVectorBytes)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(maxStateVectorBytes, StateVectorMemoryBudget.MinimumBytes, nameof(MaxStateVectorBytes));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, nameof(MaxDegreeOfParallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFusedQubits, 1, nameof(MaxFusedQubits));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFusedQubits, 6, nameof(MaxFusedQubits));
        ArgumentOutOfRangeException.ThrowIfNegative(ParallelThresholdQubits, nameof(ParallelThresholdQubits));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxExactRelaxationWork, nameof(MaxExactRelaxationWork));
    }

    /// <summary>Widest state vector that fits <see cref="StateVectorLimitBytes"/> (and a .NET array).</summary>
    public int MaxStateVectorQubits =>
        Math.Min(StateVector.StateVectorSimulator.MaxQubits, 63 - (int)long.LeadingZeroCount(StateVectorLimitBytes / 16));

    /// <summary>
    /// These options for a process that runs <paramref name="concurrentSimulations"/> simulations at once: a configured
    /// <see cref="MaxStateVectorBytes"/> stays as it is, else each simulation gets an equal share of the memory budget.
    /// </summary>
    public BackendOptions SharedBy(int concurrentSimulations) => MaxStateVectorBytes is null
        ? this with { MaxStateVectorBytes = StateVectorMemoryBudget.PerSimulation(StateVectorMemoryBudget.AvailableBytes, concurrentSimulations) }
        : this;
}
