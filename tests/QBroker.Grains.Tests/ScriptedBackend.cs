using QBroker.Backends;
using QBroker.Grains.Devices;

namespace QBroker.Grains.Tests;

/// <summary>
/// Wraps a real backend and lets a test script its behaviour: fail the first executions with a transient fault or a
/// permanent error, hold executions until released (to observe and cancel a running job), or report a longer device
/// time.
/// </summary>
public sealed class ScriptedBackend(IDeviceBackend inner) : IDeviceBackend
{
    private int _executions;

    public DeviceModel Device => inner.Device;

    /// <summary>The first this many executions throw a transient device fault.</summary>
    public int TransientFaults { get; set; }

    /// <summary>After the transient ones, this many executions throw an error that is not a device fault (a permanent failure).</summary>
    public int PermanentFaults { get; set; }

    /// <summary>When set, executions wait for it (or for cancellation) before running.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, executions report this device time instead of the real backend's (a simulator's is milliseconds).</summary>
    public TimeSpan? DeviceTime { get; set; }

    public int Executions => Volatile.Read(ref _executions);

    public BackendCheck Check(Workload workload, int shots) => inner.Check(workload, shots);

    public TimeSpan EstimateDeviceTime(Workload workload, int shots) => inner.EstimateDeviceTime(workload, shots);

    public async Task<ExecutionResult> ExecuteAsync(Workload workload, int shots, ulong seed, CancellationToken cancellationToken)
    {
        var execution = Interlocked.Increment(ref _executions);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (execution <= TransientFaults)
        {
            throw new TransientDeviceException($"scripted fault {execution}");
        }
        if (execution <= TransientFaults + PermanentFaults)
        {
            throw new InvalidOperationException($"scripted permanent error {execution}");
        }
        var result = await inner.ExecuteAsync(workload, shots, seed, cancellationToken);
        return DeviceTime is { } deviceTime ? result with { DeviceTime = deviceTime } : result;
    }
}
