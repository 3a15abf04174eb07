namespace QBroker.Backends;

/// <summary>Gate-model QPU, quantum annealer or QKD testbed.</summary>
public enum DeviceKind
{
    Gate,
    Anneal,
    Qkd,
}

/// <summary>
/// Everything the broker knows about one device: identity, size, limits, connectivity, calibration, timing and
/// price. Immutable; a recalibration produces a new instance. The optional members default to an ideal,
/// all-to-all, free device so a bare model (only the required members) is still usable.
/// </summary>
public sealed record DeviceModel
{
    /// <summary>Stable id used in the API, e.g. "ibm-brooklyn".</summary>
    public required string Id { get; init; }

    /// <summary>ibm, ionq, rigetti, dwave or local.</summary>
    public required string Provider { get; init; }

    public required DeviceKind Kind { get; init; }

    public required string DisplayName { get; init; }

    public required int QubitCount { get; init; }

    public required int MaxShots { get; init; }

    /// <summary>Which pairs of qubits a two-qubit gate may act on; <see cref="CouplingMap.IsAllToAll"/> for ion traps and simulators.</summary>
    public CouplingMap Coupling { get; init; } = CouplingMap.AllToAll;

    /// <summary>Native gate names as the provider lists them (informational; the embedded backend accepts every standard gate).</summary>
    public IReadOnlyList<string> NativeGates { get; init; } = [];

    /// <summary>Error rates and coherence times the noise model is built from; <see cref="DeviceCalibration.Ideal"/> means noiseless.</summary>
    public DeviceCalibration Calibration { get; init; } = DeviceCalibration.Ideal;

    /// <summary>Gate, readout and overhead durations used by <see cref="IDeviceBackend.EstimateDeviceTime"/>.</summary>
    public TimingModel Timing { get; init; } = TimingModel.Instantaneous;

    /// <summary>What a task costs in credits (USD-like units).</summary>
    public PriceModel Price { get; init; } = PriceModel.Free;

    /// <summary>
    /// The qubit count is not a chip's but the widest state vector the simulator's memory limit allows
    /// (<see cref="BackendOptions.MaxStateVectorQubits"/>), so a refusal for width can say it is about memory.
    /// </summary>
    public bool SizeFollowsMemoryLimit { get; init; }

    /// <summary>Largest number of quadratic couplers an annealing problem may have (annealers only; 0 = no limit).</summary>
    public int MaxCouplers { get; init; }
}
