namespace QBroker.Backends;

/// <summary>
/// What the noise model is built from (the Aer "basic device" recipe, see Noise/NoiseModel.cs): per-qubit coherence,
/// single-qubit gate and readout errors, and the error of the native two-qubit gate. Gates that decompose into several
/// native two-qubit gates (swap = 3, Toffoli = 6, ...) compound that error.
/// </summary>
public sealed record DeviceCalibration
{
    /// <summary>No noise at all: the ideal simulator.</summary>
    public static DeviceCalibration Ideal { get; } = new() { Qubits = [], TwoQubitGateError = 0 };

    /// <summary>One entry per physical qubit; empty for an ideal device.</summary>
    public required IReadOnlyList<QubitCalibration> Qubits { get; init; }

    /// <summary>Average error of one native two-qubit gate (CX, CZ, iSWAP or MS), e.g. 1.2e-2 on Hummingbird.</summary>
    public required double TwoQubitGateError { get; init; }

    public bool IsIdeal => Qubits.Count == 0;

    /// <summary>Every qubit calibrated alike, for devices where only medians are published.</summary>
    public static DeviceCalibration Uniform(int qubitCount, QubitCalibration perQubit, double twoQubitGateError) => new()
    {
        Qubits = Enumerable.Repeat(perQubit, qubitCount).ToArray(),
        TwoQubitGateError = twoQubitGateError,
    };
}
