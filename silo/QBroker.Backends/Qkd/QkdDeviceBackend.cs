namespace QBroker.Backends.Qkd;

/// <summary>
/// The embedded backend of the QKD testbed: the link simulator of QBroker.Qkd in place of a fibre, a source and
/// detectors. A job is one experiment (one task, so one "shot"); the device is busy for the source time of its
/// sessions (pulses at the clock rate) plus the model's per-task overhead, and that is what it is billed for.
/// </summary>
public sealed class QkdDeviceBackend : IDeviceBackend
{
    public const string EngineName = "qkd-simulator";

    public QkdDeviceBackend(DeviceModel device)
    {
        if (device.Kind != DeviceKind.Qkd)
        {
            throw new ArgumentException($"{device.Id} is not a QKD testbed.", nameof(device));
        }
        Device = device;
    }

    public DeviceModel Device { get; }

    public BackendCheck Check(Workload workload, int shots)
    {
        if (workload is not QkdWorkload)
        {
            return BackendCheck.Refuse($"{Device.Id} is a QKD testbed; it runs QKD experiments, not a {workload.GetType().Name}.");
        }
        return shots == 1
            ? BackendCheck.Ok
            : BackendCheck.Refuse($"A QKD experiment is one task: shots must be 1 (got {shots}); sweep a parameter to run several sessions.");
    }

    public TimeSpan EstimateDeviceTime(Workload workload, int shots) => workload is QkdWorkload qkd
        ? Device.Timing.TaskDuration(0, 0) + TimeSpan.FromSeconds(qkd.Experiment.Points().Sum(p => p.SourceSeconds))
        : Device.Timing.TaskDuration(0, 0);

    public Task<ExecutionResult> ExecuteAsync(Workload workload, int shots, ulong seed, CancellationToken cancellationToken)
    {
        var check = Check(workload, shots);
        if (!check.Accepted)
        {
            return Task.FromException<ExecutionResult>(new WorkloadRejectedException(check.Reason!));
        }
        // The experiment's own seed, not the execution seed, drives the sessions: a researcher reproduces a table
        // from the seed in the spec, and a retried execution yields the same table.
        return Task.Run(
            () =>
            {
                var rows = QkdExperimentRunner.Run(((QkdWorkload)workload).Experiment, cancellationToken);
                return new ExecutionResult(QkdResultCodec.Encode(rows), EstimateDeviceTime(workload, shots), EngineName);
            },
            cancellationToken);
    }
}
