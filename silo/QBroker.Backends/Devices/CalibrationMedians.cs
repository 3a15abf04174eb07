namespace QBroker.Backends;

/// <summary>
/// The published median figures of a device, around which <see cref="CalibrationSnapshot"/> draws a per-qubit and
/// per-edge calibration. Units as in <see cref="QubitCalibration"/>; the two-qubit gate duration in seconds.
/// </summary>
public sealed record CalibrationMedians(
    double T1Microseconds,
    double T2Microseconds,
    double SingleQubitGateError,
    double ReadoutProbOneGivenZero,
    double ReadoutProbZeroGivenOne,
    double TwoQubitGateError,
    double TwoQubitGateSeconds);
