using QBroker.Backends.Execution;
using QBroker.Qasm.Ir;

namespace QBroker.Backends;

/// <summary>
/// The noise a device adds, built from its calibration snapshot with the recipe of Qiskit Aer's basic device model
/// (qiskit_aer/noise/device/models.py, Apache-2.0; summarised in the qpu note §3.3). After a gate of duration t on
/// qubits Q: thermal relaxation on each qubit (T1, min(T2, 2·T1), t, zero temperature), then a depolarising channel
/// that makes up the rest of the reported gate error e:
/// λ = d·(e − r)/(d·F_relax − 1), d = 2^|Q|, r = 1 − F_relax, with e clamped to d/(d+1) and λ to 4^|Q|/(4^|Q|−1);
/// no depolarising term when e ≤ r. Two-qubit gates use the figures of their coupler (error and duration), so a
/// routed SWAP carries three times its edge's error. Idle qubits relax too (<see cref="Idle"/>, placed by
/// <see cref="CircuitScheduler"/>). The identity gate is an idle period of one single-qubit gate time, as Aer treats
/// delays: relaxation only. Measurements carry the asymmetric readout error.
/// Relaxation is emitted as <see cref="RelaxationStep"/> (amplitude damping plus pure dephasing); each engine decides
/// whether to apply it exactly or in its Pauli-twirled form.
/// </summary>
public sealed class NoiseModel
{
    private readonly DeviceCalibration _calibration;
    private readonly TimingModel _timing;

    public NoiseModel(DeviceModel device)
    {
        _calibration = device.Calibration;
        _timing = device.Timing;
    }

    public bool IsIdeal => _calibration.IsIdeal;

    /// <summary>Native two-qubit gates a standard gate costs on hardware (0 for one-qubit gates).</summary>
    public static int NativeTwoQubitGateCount(StandardGate gate) => gate switch
    {
        StandardGate.CX or StandardGate.CY or StandardGate.CZ or StandardGate.CH or StandardGate.CSX => 1,
        StandardGate.CRX or StandardGate.CRY or StandardGate.CRZ or StandardGate.CP or StandardGate.CU => 2,
        StandardGate.RXX or StandardGate.RYY or StandardGate.RZZ => 2,
        StandardGate.Swap => 3,
        StandardGate.CCX => 6,
        StandardGate.CSwap => 8,
        _ => 0,
    };

    /// <summary>How long the gate keeps its physical qubits busy: the coupler's own duration for two-qubit gates.</summary>
    public double GateSeconds(StandardGate gate, IReadOnlyList<int> physicalQubits)
    {
        var native = NativeTwoQubitGateCount(gate);
        if (native == 0)
        {
            return _timing.SingleQubitGateSeconds;
        }
        var perNative = physicalQubits.Count == 2
            ? _calibration.Edge(physicalQubits[0], physicalQubits[1])?.DurationSeconds ?? _timing.TwoQubitGateSeconds
            : _timing.TwoQubitGateSeconds;
        return native * perNative;
    }

    /// <summary>Reported error of the gate on these physical qubits: one-qubit error, or the coupler's two-qubit error compounded.</summary>
    public double GateError(StandardGate gate, IReadOnlyList<int> physicalQubits)
    {
        var native = NativeTwoQubitGateCount(gate);
        if (native == 0)
        {
            return _calibration.Qubits[physicalQubits[0]].SingleQubitGateError;
        }
        var perNative = physicalQubits.Count == 2
            ? _calibration.TwoQubitError(physicalQubits[0], physicalQubits[1])
            : _calibration.TwoQubitGateError;
        return 1 - Math.Pow(1 - perNative, native);
    }

    /// <summary>Noise steps to insert after <paramref name="gate"/>; physical qubits index the calibration, dense qubits are what the steps act on.</summary>
    public IEnumerable<ExecutionStep> AfterGate(StandardGate gate, IReadOnlyList<int> physicalQubits, int[] denseQubits)
    {
        if (IsIdeal)
        {
            yield break;
        }
        var seconds = GateSeconds(gate, physicalQubits);
        var processFidelity = 1.0;
        for (var j = 0; j < physicalQubits.Count; j++)
        {
            var relaxation = Relaxation(physicalQubits[j], denseQubits[j], seconds);
            if (relaxation is not null)
            {
                processFidelity *= relaxation.ProcessFidelity;
                yield return relaxation;
            }
        }
        if (gate == StandardGate.I)
        {
            yield break;
        }
        var lambda = DepolarizingParameter(GateError(gate, physicalQubits), physicalQubits.Count, processFidelity);
        if (lambda > 0)
        {
            yield return new DepolarizingStep(denseQubits, lambda);
        }
    }

    /// <summary>Relaxation of a qubit left idle for <paramref name="seconds"/> while others run gates; nothing on an ideal device.</summary>
    public IEnumerable<ExecutionStep> Idle(int physicalQubit, int denseQubit, double seconds)
    {
        if (!IsIdeal && Relaxation(physicalQubit, denseQubit, seconds) is { } relaxation)
        {
            yield return relaxation;
        }
    }

    /// <summary>Readout error of a physical qubit as (p(1|0), p(0|1)).</summary>
    public (double OneGivenZero, double ZeroGivenOne) Readout(int physicalQubit) =>
        IsIdeal ? (0, 0) : (_calibration.Qubits[physicalQubit].ReadoutProbOneGivenZero, _calibration.Qubits[physicalQubit].ReadoutProbZeroGivenOne);

    /// <summary>
    /// Zero-temperature thermal relaxation of one qubit for <paramref name="seconds"/>: amplitude damping with
    /// γ = 1 − e^{−t/T1}, which alone shrinks coherences by √(1 − γ) = e^{−t/(2·T1)}, then the pure dephasing that
    /// brings them to e^{−t/T2}: a phase flip with probability (1 − e^{−t/T_φ})/2, where 1/T_φ = 1/T2 − 1/(2·T1)
    /// (Nielsen and Chuang §8.3.5–8.3.6). T2 is capped at 2·T1. Null when nothing would happen.
    /// </summary>
    public static RelaxationStep? Relaxation(QubitCalibration qubit, int denseQubit, double seconds)
    {
        if (seconds <= 0)
        {
            return null;
        }
        var t1 = qubit.T1Microseconds * 1e-6;
        var t2 = Math.Min(qubit.T2Microseconds, 2 * qubit.T1Microseconds) * 1e-6;
        var damping = -double.ExpM1(-seconds / t1);
        var pureDephasingRate = Math.Max(0, 1 / t2 - 1 / (2 * t1));
        var dephasing = -double.ExpM1(-seconds * pureDephasingRate) / 2;
        return damping > 0 || dephasing > 0 ? new RelaxationStep(denseQubit, damping, dephasing) : null;
    }

    /// <summary>Aer's depolarising parameter given the relaxation channel's process fidelity on the gate's qubits.</summary>
    public static double DepolarizingParameter(double gateError, int qubitCount, double relaxationProcessFidelity)
    {
        var d = Math.Pow(2, qubitCount);
        // Average gate fidelity from process fidelity (Horodecki et al. 1999): F_avg = (d·F_pro + 1)/(d + 1).
        var relaxFidelity = (d * relaxationProcessFidelity + 1) / (d + 1);
        var relaxInfidelity = 1 - relaxFidelity;
        if (gateError <= relaxInfidelity)
        {
            return 0;
        }
        var error = Math.Min(gateError, d / (d + 1));
        var lambda = d * (error - relaxInfidelity) / (d * relaxFidelity - 1);
        var paulis = Math.Pow(4, qubitCount);
        return Math.Min(lambda, paulis / (paulis - 1));
    }

    private RelaxationStep? Relaxation(int physicalQubit, int denseQubit, double seconds) =>
        Relaxation(_calibration.Qubits[physicalQubit], denseQubit, seconds);
}
