namespace QBroker.Backends;

/// <summary>Gate-model QPU or quantum annealer.</summary>
public enum DeviceKind
{
    Gate,
    Anneal,
}

/// <summary>
/// Everything the broker knows about one device: identity, size, limits and (in the fuller model) connectivity,
/// calibration, timing and price. Immutable; a recalibration produces a new instance.
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
}
