namespace QBroker.Backends;

/// <summary>
/// What the noise model is built from (the Aer "basic device" recipe, see Noise/NoiseModel.cs): a calibration
/// snapshot with per-qubit coherence, single-qubit gate and readout errors, and per-edge error and duration of the
/// native two-qubit gate. Gates that decompose into several native two-qubit gates (swap = 3, ...) compound the
/// edge's error. <see cref="TwoQubitGateError"/> is the device-wide median, for summaries and for pairs without an
/// edge entry (all-to-all devices built with <see cref="Uniform"/>).
/// </summary>
public sealed record DeviceCalibration
{
    private readonly IReadOnlyList<EdgeCalibration> _edges = [];
    private readonly Dictionary<(int, int), EdgeCalibration> _edgeIndex = [];

    /// <summary>No noise at all: the ideal simulator.</summary>
    public static DeviceCalibration Ideal { get; } = new() { Qubits = [], TwoQubitGateError = 0 };

    /// <summary>One entry per physical qubit; empty for an ideal device.</summary>
    public required IReadOnlyList<QubitCalibration> Qubits { get; init; }

    /// <summary>Median error of one native two-qubit gate (CX, CZ, iSWAP or MS) over the device, e.g. 1.2e-2 on Hummingbird.</summary>
    public required double TwoQubitGateError { get; init; }

    /// <summary>Per-coupler figures of the native two-qubit gate; empty when only the median is known.</summary>
    public IReadOnlyList<EdgeCalibration> Edges
    {
        get => _edges;
        init
        {
            _edges = value;
            _edgeIndex = value.ToDictionary(e => e.Key);
        }
    }

    /// <summary>Where the figures come from, e.g. "generated 2026-01 snapshot around published medians (seed 0x…)".</summary>
    public string Source { get; init; } = "";

    public bool IsIdeal => Qubits.Count == 0;

    /// <summary>The coupler between two qubits, or null when the calibration has no entry for it.</summary>
    public EdgeCalibration? Edge(int a, int b) => _edgeIndex.GetValueOrDefault(a < b ? (a, b) : (b, a));

    /// <summary>Error of one native two-qubit gate on this pair: the edge's own figure, else the median.</summary>
    public double TwoQubitError(int a, int b) => Edge(a, b)?.GateError ?? TwoQubitGateError;

    /// <summary>Every qubit calibrated alike, for devices where only medians are published.</summary>
    public static DeviceCalibration Uniform(int qubitCount, QubitCalibration perQubit, double twoQubitGateError) => new()
    {
        Qubits = Enumerable.Repeat(perQubit, qubitCount).ToArray(),
        TwoQubitGateError = twoQubitGateError,
        Source = "uniform medians",
    };
}
