using QBroker.Backends.Execution;
using QBroker.Qasm.Ir;

namespace QBroker.Backends;

/// <summary>
/// The noise a device adds, built from its calibration with the recipe of Qiskit Aer's basic device model
/// (qiskit_aer/noise/device/models.py, Apache-2.0; summarised in the qpu note §3.3). After a gate of duration t on
/// qubits Q: thermal relaxation on each qubit (T1, min(T2, 2·T1), t, zero temperature), then a depolarising channel
/// that makes up the rest of the reported gate error e:
/// λ = d·(e − r)/(d·F_relax − 1), d = 2^|Q|, r = 1 − F_relax, with e clamped to d/(d+1) and λ to 4^|Q|/(4^|Q|−1);
/// no depolarising term when e ≤ r. Measurements carry the asymmetric readout error.
/// Relaxation is applied in its Pauli-twirled form (p_x = p_y = (1 − e^{−t/T1})/4,
/// p_z = (1 − e^{−t/T2})/2 − (1 − e^{−t/T1})/4), which has the same average fidelity and lets Clifford circuits stay on
/// the stabilizer engine; the amplitude-damping bias towards |0⟩ is not reproduced.
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

    /// <summary>How long the gate keeps its qubits busy.</summary>
    public double GateSeconds(StandardGate gate)
    {
        var native = NativeTwoQubitGateCount(gate);
        return native == 0 ? _timing.SingleQubitGateSeconds : native * _timing.TwoQubitGateSeconds;
    }

    /// <summary>Reported error of the gate on these physical qubits: one-qubit error, or the native two-qubit error compounded.</summary>
    public double GateError(StandardGate gate, IReadOnlyList<int> physicalQubits)
    {
        var native = NativeTwoQubitGateCount(gate);
        return native == 0
            ? _calibration.Qubits[physicalQubits[0]].SingleQubitGateError
            : 1 - Math.Pow(1 - _calibration.TwoQubitGateError, native);
    }

    /// <summary>Noise steps to insert after <paramref name="gate"/>; physical qubits index the calibration, dense qubits are what the steps act on.</summary>
    public IEnumerable<ExecutionStep> AfterGate(StandardGate gate, IReadOnlyList<int> physicalQubits, int[] denseQubits)
    {
        if (IsIdeal || gate == StandardGate.I)
        {
            yield break;
        }
        var seconds = GateSeconds(gate);
        var processFidelity = 1.0;
        for (var j = 0; j < physicalQubits.Count; j++)
        {
            var (px, py, pz) = RelaxationPaulis(_calibration.Qubits[physicalQubits[j]], seconds);
            processFidelity *= 1 - px - py - pz;
            if (px + py + pz > 0)
            {
                yield return new PauliNoiseStep(denseQubits[j], px, py, pz);
            }
        }
        var lambda = DepolarizingParameter(GateError(gate, physicalQubits), physicalQubits.Count, processFidelity);
        if (lambda > 0)
        {
            yield return new DepolarizingStep(denseQubits, lambda);
        }
    }

    /// <summary>Readout error of a physical qubit as (p(1|0), p(0|1)).</summary>
    public (double OneGivenZero, double ZeroGivenOne) Readout(int physicalQubit) =>
        IsIdeal ? (0, 0) : (_calibration.Qubits[physicalQubit].ReadoutProbOneGivenZero, _calibration.Qubits[physicalQubit].ReadoutProbZeroGivenOne);

    /// <summary>Pauli-twirled zero-temperature thermal relaxation for <paramref name="seconds"/>.</summary>
    public static (double X, double Y, double Z) RelaxationPaulis(QubitCalibration qubit, double seconds)
    {
        if (seconds <= 0)
        {
            return (0, 0, 0);
        }
        var t1 = qubit.T1Microseconds * 1e-6;
        var t2 = Math.Min(qubit.T2Microseconds, 2 * qubit.T1Microseconds) * 1e-6;
        var decay1 = 1 - Math.Exp(-seconds / t1);
        var decay2 = 1 - Math.Exp(-seconds / t2);
        var pxy = decay1 / 4;
        return (pxy, pxy, Math.Max(0, decay2 / 2 - pxy));
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
}
