using QBroker.Backends;
using QBroker.Qasm.Ir;

namespace QBroker.Grains.Devices;

/// <summary>
/// A quick estimate of the probability that a circuit runs without error on a device: the product of (1 − error)
/// over its gates and measurements, with the device's mean calibrated errors. It ignores relaxation during idle
/// time and the SWAPs routing may add, so it ranks devices rather than predicting outcomes; that is all placement
/// by fidelity needs. Three-qubit gates count as six two-qubit gates (their standard decomposition).
/// </summary>
public static class PredictedFidelity
{
    public static double Of(DeviceModel device, Workload workload)
    {
        var calibration = device.Calibration;
        if (calibration.IsIdeal || workload is not CircuitWorkload circuit)
        {
            return 1.0;
        }
        var singleError = calibration.Qubits.Average(q => q.SingleQubitGateError);
        var readoutError = calibration.Qubits.Average(q => (q.ReadoutProbOneGivenZero + q.ReadoutProbZeroGivenOne) / 2);
        var (single, two, measured) = Count(circuit.Circuit.Operations);
        return Math.Pow(1 - singleError, single) * Math.Pow(1 - calibration.TwoQubitGateError, two) * Math.Pow(1 - readoutError, measured);
    }

    private static (int Single, int Two, int Measured) Count(IReadOnlyList<Operation> operations)
    {
        int single = 0, two = 0, measured = 0;
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case GateOperation gate:
                    switch (gate.Qubits.Count)
                    {
                        case 1:
                            single++;
                            break;
                        case 2:
                            two++;
                            break;
                        default:
                            two += 6;
                            break;
                    }
                    break;
                case MeasureOperation:
                    measured++;
                    break;
                case ConditionalOperation conditional:
                    var inner = Count(conditional.Then);
                    single += inner.Single;
                    two += inner.Two;
                    measured += inner.Measured;
                    break;
            }
        }
        return (single, two, measured);
    }
}
