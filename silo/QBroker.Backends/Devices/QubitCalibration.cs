namespace QBroker.Backends;

/// <summary>
/// Calibration of one physical qubit, in the units of IBM's backend properties: T1/T2 in microseconds, errors as
/// probabilities. Readout error is asymmetric: <see cref="ReadoutProbOneGivenZero"/> is IBM's prob_meas1_prep0.
/// </summary>
public sealed record QubitCalibration(
    double T1Microseconds,
    double T2Microseconds,
    double SingleQubitGateError,
    double ReadoutProbOneGivenZero,
    double ReadoutProbZeroGivenOne);
