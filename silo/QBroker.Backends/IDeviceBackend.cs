namespace QBroker.Backends;

/// <summary>
/// Executes work for one device. Embedded simulators implement it today; provider adapters (IBM, IonQ, Braket)
/// implement the same interface later, so nothing above this line knows which one runs a job.
/// </summary>
public interface IDeviceBackend
{
    /// <summary>The device this backend stands for: size, connectivity, calibration, limits, timing, price.</summary>
    DeviceModel Device { get; }

    /// <summary>
    /// Decides, without running anything, whether the device can run the workload with this many shots. A refusal
    /// carries a reason a researcher can act on ("needs 70 qubits, device has 65").
    /// </summary>
    BackendCheck Check(Workload workload, int shots);

    /// <summary>How long the real device would be occupied (unscaled), for queue ETAs and billing.</summary>
    TimeSpan EstimateDeviceTime(Workload workload, int shots);

    /// <summary>Runs the workload. Deterministic for a given seed. Honours cancellation between shots or passes.</summary>
    Task<ExecutionResult> ExecuteAsync(Workload workload, int shots, ulong seed, CancellationToken cancellationToken);
}
