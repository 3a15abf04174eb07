using System.Runtime.CompilerServices;
using QBroker.Backends.Stabilizer;
using QBroker.Backends.StateVector;

namespace QBroker.Backends.Execution;

/// <summary>
/// The embedded backend of a gate device: prepares the circuit for the device (routing, compaction, noise), picks an
/// engine (stabilizer for Clifford circuits, else the state vector, sampled once or per shot) and returns counts in
/// the Qiskit bit order.
/// </summary>
public sealed class GateDeviceBackend : IDeviceBackend
{
    private readonly BackendOptions _options;
    private readonly ConditionalWeakTable<CircuitWorkload, PreparedCircuit> _prepared = [];

    public GateDeviceBackend(DeviceModel device, BackendOptions options)
    {
        if (device.Kind != DeviceKind.Gate)
        {
            throw new ArgumentException($"{device.Id} is not a gate device.", nameof(device));
        }
        options.Validate();
        Device = device;
        _options = options;
    }

    public DeviceModel Device { get; }

    public BackendCheck Check(Workload workload, int shots)
    {
        if (workload is not CircuitWorkload circuitWorkload)
        {
            return BackendCheck.Refuse($"{Device.Id} runs gate circuits; it cannot run a {workload.GetType().Name}.");
        }
        if (shots < 1 || shots > Device.MaxShots)
        {
            return BackendCheck.Refuse($"{shots} shots requested; {Device.Id} runs between 1 and {Device.MaxShots}.");
        }
        var circuit = circuitWorkload.Circuit;
        if (circuit.QubitCount > Device.QubitCount)
        {
            var memoryNote = Device.SizeFollowsMemoryLimit
                ? $" (the widest state vector that fits the {FormatBytes(_options.StateVectorLimitBytes)} each simulation may use here)"
                : "";
            return BackendCheck.Refuse($"The circuit needs {circuit.QubitCount} qubits; {Device.Id} has {Device.QubitCount}{memoryNote}.");
        }
        if (!Device.Coupling.IsAllToAll && !Device.Coupling.IsConnected)
        {
            return BackendCheck.Refuse($"The coupling map of {Device.Id} is not connected, so the circuit cannot be routed.");
        }
        var prepared = Prepare(circuitWorkload);
        if (UsesStabilizer(prepared, shots))
        {
            return BackendCheck.Ok;
        }
        var width = prepared.Program.QubitCount;
        var copies = StateVectorEngine.CanSampleOnce(prepared.Program) ? 1 : 2;
        var bytes = width > 40 ? long.MaxValue : StateVectorSimulator.BytesFor(width) * copies;
        if (width > StateVectorSimulator.MaxQubits || bytes > _options.StateVectorLimitBytes)
        {
            var routedNote = prepared.SwapCount > 0 ? $" after routing ({prepared.SwapCount} SWAPs)" : "";
            return BackendCheck.Refuse(
                $"The circuit is not Clifford and touches {width} qubits{routedNote}: its state vector needs " +
                $"{FormatBytes(bytes)}{(copies == 2 ? " (two copies, for per-shot simulation)" : "")}, more than the " +
                $"{FormatBytes(_options.StateVectorLimitBytes)} each simulation may use here (at most {_options.MaxStateVectorQubits} qubits).");
        }
        return BackendCheck.Ok;
    }

    public TimeSpan EstimateDeviceTime(Workload workload, int shots)
    {
        var prepared = Prepare(workload as CircuitWorkload
            ?? throw new ArgumentException($"{Device.Id} runs gate circuits only.", nameof(workload)));
        return Device.Timing.TaskDuration(prepared.DurationSeconds, Math.Max(0, shots));
    }

    public Task<ExecutionResult> ExecuteAsync(Workload workload, int shots, ulong seed, CancellationToken cancellationToken)
    {
        var check = Check(workload, shots);
        if (!check.Accepted)
        {
            return Task.FromException<ExecutionResult>(new WorkloadRejectedException(check.Reason!));
        }
        return Task.Run(() => Execute((CircuitWorkload)workload, shots, seed, cancellationToken), cancellationToken);
    }

    /// <summary>The routed, noise-annotated program this backend runs for a workload (cached per workload instance).</summary>
    public PreparedCircuit Prepare(CircuitWorkload workload) =>
        _prepared.GetValue(workload, w => CircuitPreparer.Prepare(w.Circuit, Device));

    /// <summary>
    /// Clifford circuits go to the stabilizer engine, which can only twirl relaxation; when the circuit has relaxation
    /// and the state vector can afford exact amplitude-damping trajectories for it, the state vector runs it instead,
    /// so a T1 experiment decays towards |0⟩ as on hardware rather than towards a mixture.
    /// </summary>
    private bool UsesStabilizer(PreparedCircuit prepared, int shots) =>
        _options.PreferStabilizer && prepared.IsClifford
        && !(StateVectorEngine.UsesExactRelaxation(prepared.Program, shots, _options)
             && StateVectorSimulator.BytesFor(prepared.Program.QubitCount) * 2 <= _options.StateVectorLimitBytes);

    private ExecutionResult Execute(CircuitWorkload workload, int shots, ulong seed, CancellationToken cancellationToken)
    {
        var prepared = Prepare(workload);
        var random = new DeterministicRandom(seed);
        IReadOnlyDictionary<string, long> counts;
        string engine;
        if (UsesStabilizer(prepared, shots))
        {
            counts = new StabilizerEngine().Run(prepared.Program, shots, random, cancellationToken);
            engine = StabilizerEngine.EngineFor(prepared.Program);
        }
        else
        {
            counts = new StateVectorEngine(_options).Run(prepared.Program, shots, random, cancellationToken);
            engine = StateVectorEngine.EngineName(prepared.Program, shots, _options);
        }
        return new ExecutionResult(counts, Device.Timing.TaskDuration(prepared.DurationSeconds, shots), engine);
    }

    private static string FormatBytes(long bytes) => bytes switch
    {
        long.MaxValue => "more than 16 TiB",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        _ => $"{bytes / 1024.0:0.##} KiB",
    };
}
