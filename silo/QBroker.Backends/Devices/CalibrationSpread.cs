namespace QBroker.Backends;

/// <summary>
/// How a device's calibration spreads around its medians: each figure is log-normal (median · e^{σ·Z}), and a few
/// qubits and couplers are defective, as on real chips (two-level-system defects that cut T1, qubits whose T2 is
/// limited by low-frequency noise, badly separated readout resonators, poor couplers).
/// </summary>
public sealed record CalibrationSpread
{
    /// <summary>Log-normal σ of T1 and of T2.</summary>
    public required double CoherenceSigma { get; init; }

    /// <summary>Log-normal σ of the single- and two-qubit gate errors.</summary>
    public required double GateErrorSigma { get; init; }

    /// <summary>Log-normal σ of each readout error, P(1|0) and P(0|1) drawn independently.</summary>
    public required double ReadoutSigma { get; init; }

    /// <summary>Log-normal σ of the two-qubit gate durations.</summary>
    public required double DurationSigma { get; init; }

    /// <summary>Share of qubits with a defect that divides T1 by <see cref="DefectT1Divisor"/> and multiplies their gate error by <see cref="DefectGateErrorFactor"/>.</summary>
    public double DefectQubitFraction { get; init; }

    public double DefectT1Divisor { get; init; } = 1;

    public double DefectGateErrorFactor { get; init; } = 1;

    /// <summary>Share of qubits whose T2 is divided by <see cref="DephasedT2Divisor"/> (T1 unaffected).</summary>
    public double DephasedQubitFraction { get; init; }

    public double DephasedT2Divisor { get; init; } = 1;

    /// <summary>Share of qubits whose readout errors are multiplied by <see cref="BadReadoutFactor"/>.</summary>
    public double BadReadoutFraction { get; init; }

    public double BadReadoutFactor { get; init; } = 1;

    /// <summary>Share of couplers whose gate error is multiplied by <see cref="BadEdgeFactor"/>.</summary>
    public double BadEdgeFraction { get; init; }

    public double BadEdgeFactor { get; init; } = 1;

    /// <summary>
    /// Fixed-frequency transmon chips (IBM Falcon/Hummingbird, Rigetti). Measured from the ibm_hanoi snapshot of
    /// 2025-02-12 (27 qubits, 28 couplers; Qiskit/qiskit-ibm-runtime fake_provider/backends/hanoi/props_hanoi.json,
    /// Apache-2.0), taking the standard deviation of ln(value) over the qubits or edges outside the defect modes:
    /// T1 σ ≈ 0.30 and T2 σ ≈ 0.35; sx error σ ≈ 0.45; cx error σ ≈ 0.45; readout σ ≈ 0.40; cx length σ ≈ 0.35
    /// (180–730 ns). Defect modes in the same snapshot: 1 of 27 qubits with T1 = 7.5 µs against a 145 µs median and
    /// a 5× single-qubit error; 4 of 27 with T2 of 19–33 µs against ≈ 220 µs; 3 of 27 with readout error 6.5–8 %
    /// against ≈ 1 %; couplers 2–3× the median error (and two marked broken, which the simulated devices do not
    /// reproduce: a broken coupler would just be left out of the coupling map).
    /// </summary>
    public static CalibrationSpread Superconducting { get; } = new()
    {
        CoherenceSigma = 0.30,
        GateErrorSigma = 0.45,
        ReadoutSigma = 0.40,
        DurationSigma = 0.35,
        DefectQubitFraction = 0.04,
        DefectT1Divisor = 20,
        DefectGateErrorFactor = 5,
        DephasedQubitFraction = 0.15,
        DephasedT2Divisor = 8,
        BadReadoutFraction = 0.10,
        BadReadoutFactor = 6,
        BadEdgeFraction = 0.05,
        BadEdgeFactor = 3,
    };

    /// <summary>
    /// Trapped ions (IonQ): every qubit sits in the same trap and is driven by the same lasers, so qubits differ far
    /// less than on a chip. IonQ's characterization endpoint publishes only mean, median and standard error per
    /// figure (qpu note §3.4), so the narrow σ = 0.1 here is an assumption, and no defect modes are drawn.
    /// </summary>
    public static CalibrationSpread TrappedIon { get; } = new()
    {
        CoherenceSigma = 0.10,
        GateErrorSigma = 0.10,
        ReadoutSigma = 0.10,
        DurationSigma = 0.05,
    };
}
