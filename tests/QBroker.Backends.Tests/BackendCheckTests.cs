using QBroker.Backends.Anneal;
using QBroker.Backends.Execution;
using QBroker.Backends.StateVector;
using QBroker.Qasm.Ir;

namespace QBroker.Backends.Tests;

public sealed class BackendCheckTests
{
    private static DeviceModel Device(string id) => DeviceCatalogue.CreateDefault().Single(d => d.Id == id);

    [Fact]
    public void A_circuit_wider_than_the_device_is_refused_with_both_sizes_in_the_reason()
    {
        var backend = DeviceBackends.Create(Device("ionq-harmony"), BackendOptions.Default);
        var check = backend.Check(new CircuitWorkload(new CircuitFactory(12).H(0).MeasureAll().Build()), 100);
        Assert.False(check.Accepted);
        Assert.Contains("12", check.Reason);
        Assert.Contains("11", check.Reason);
    }

    [Fact]
    public void Too_many_or_too_few_shots_are_refused()
    {
        var backend = DeviceBackends.Create(Device("ibm-brooklyn"), BackendOptions.Default);
        var workload = new CircuitWorkload(new CircuitFactory(2).H(0).CX(0, 1).MeasureAll().Build());
        Assert.True(backend.Check(workload, 8192).Accepted);
        Assert.Contains("8192", backend.Check(workload, 8193).Reason);
        Assert.False(backend.Check(workload, 0).Accepted);
    }

    [Fact]
    public async Task A_non_clifford_circuit_beyond_the_memory_limit_is_refused_not_run()
    {
        var options = new BackendOptions { MaxStateVectorBytes = 1L << 20 }; // 16 qubits
        var device = Device("local-sim") with { QubitCount = 40 };
        var backend = DeviceBackends.Create(device, options);
        var wide = new CircuitFactory(17).Gate(StandardGate.T, 0).H(16).MeasureAll().Build();
        var check = backend.Check(new CircuitWorkload(wide), 10);
        Assert.False(check.Accepted);
        Assert.Contains("2 MiB", check.Reason);
        Assert.Contains("1 MiB", check.Reason);
        var error = await Assert.ThrowsAsync<WorkloadRejectedException>(() => backend.ExecuteAsync(new CircuitWorkload(wide), 10, 1, default));
        Assert.Equal(check.Reason, error.Reason);
        Assert.True(backend.Check(new CircuitWorkload(new CircuitFactory(16).Gate(StandardGate.T, 0).MeasureAll().Build()), 10).Accepted);
    }

    [Fact]
    public async Task A_circuit_over_the_limit_derived_from_available_memory_is_refused_naming_qubits_and_memory()
    {
        // Many simulations at once shrink the derived share to a few MiB, whatever this machine's memory.
        var options = new BackendOptions().SharedBy(1024);
        var widest = options.MaxStateVectorQubits;
        var backend = DeviceBackends.Create(Device("local-sim") with { QubitCount = widest + 1 }, options);
        var tooWide = new CircuitWorkload(new CircuitFactory(widest + 1).Gate(StandardGate.T, 0).H(widest).MeasureAll().Build());

        var check = backend.Check(tooWide, 10);

        Assert.True(StateVectorSimulator.BytesFor(widest + 1) > options.StateVectorLimitBytes);
        Assert.False(check.Accepted);
        Assert.Contains($"touches {widest + 1} qubits", check.Reason);
        Assert.Contains($"each simulation may use here (at most {widest} qubits)", check.Reason);
        await Assert.ThrowsAsync<WorkloadRejectedException>(() => backend.ExecuteAsync(tooWide, 10, 1, default));
        Assert.True(backend.Check(new CircuitWorkload(new CircuitFactory(widest).Gate(StandardGate.T, 0).MeasureAll().Build()), 10).Accepted);
    }

    [Fact]
    public void The_local_simulator_refuses_a_wider_circuit_saying_its_size_is_the_memory_limit()
    {
        var options = new BackendOptions { MaxStateVectorBytes = 16L << 20 };
        var local = DeviceCatalogue.CreateDefault(options).Single(d => d.Id == "local-sim");
        var backend = DeviceBackends.Create(local, options);

        var check = backend.Check(new CircuitWorkload(new CircuitFactory(21).Gate(StandardGate.T, 0).MeasureAll().Build()), 10);

        Assert.False(check.Accepted);
        Assert.Contains("needs 21 qubits; local-sim has 20", check.Reason);
        Assert.Contains("16 MiB each simulation may use", check.Reason);
    }

    [Fact]
    public void A_wide_clifford_circuit_fits_because_it_runs_on_the_stabilizer_engine()
    {
        var options = new BackendOptions { MaxStateVectorBytes = 1L << 20 };
        var backend = DeviceBackends.Create(Device("local-sim") with { QubitCount = 100 }, options);
        Assert.True(backend.Check(new CircuitWorkload(new CircuitFactory(100).H(0).CX(0, 99).MeasureAll().Build()), 10).Accepted);
    }

    [Fact]
    public void A_gate_device_refuses_an_annealing_problem_and_the_annealer_refuses_a_circuit()
    {
        var gate = DeviceBackends.Create(Device("local-sim"), BackendOptions.Default);
        var anneal = DeviceBackends.Create(Device("dwave-advantage"), BackendOptions.Default);
        var problem = new AnnealWorkload(new AnnealProblem(VariableType.Binary, 2, [1, -1], []));
        Assert.False(gate.Check(problem, 10).Accepted);
        Assert.False(anneal.Check(new CircuitWorkload(new CircuitFactory(1).H(0).Build()), 10).Accepted);
        Assert.True(anneal.Check(problem, 10).Accepted);
    }

    [Fact]
    public void Device_time_is_overhead_plus_shots_times_the_per_shot_time()
    {
        var device = Device("ibm-brooklyn");
        var backend = DeviceBackends.Create(device, BackendOptions.Default);
        var bell = new CircuitWorkload(new CircuitFactory(2).H(0).CX(0, 1).MeasureAll().Build());
        var t1000 = backend.EstimateDeviceTime(bell, 1000).TotalSeconds;
        var t2000 = backend.EstimateDeviceTime(bell, 2000).TotalSeconds;
        var perShot = t2000 - t1000;
        // H, then the CX on the coupler the layout chose, at that coupler's calibrated duration.
        var physical = ((GateDeviceBackend)backend).Prepare(bell).PhysicalQubits;
        var circuit = device.Timing.SingleQubitGateSeconds + device.Calibration.Edge(physical[0], physical[1])!.DurationSeconds;
        Assert.Equal((circuit + device.Timing.ReadoutSeconds + device.Timing.ShotOverheadSeconds) * 1000, perShot, 6);
        Assert.Equal(device.Timing.TaskOverheadSeconds, 2 * t1000 - t2000, 6);
    }

    [Fact]
    public void Ion_trap_shots_take_far_longer_than_superconducting_shots()
    {
        var bell = new CircuitWorkload(new CircuitFactory(2).H(0).CX(0, 1).MeasureAll().Build());
        var ionq = DeviceBackends.Create(Device("ionq-harmony"), BackendOptions.Default).EstimateDeviceTime(bell, 1000);
        var ibm = DeviceBackends.Create(Device("ibm-brooklyn"), BackendOptions.Default).EstimateDeviceTime(bell, 1000);
        Assert.True(ionq - TimeSpan.FromSeconds(1) > 3 * (ibm - TimeSpan.FromSeconds(2)), $"{ionq} vs {ibm}");
    }

    [Fact]
    public async Task Execution_honours_cancellation()
    {
        var backend = DeviceBackends.Create(Device("local-sim"), new BackendOptions { PreferStabilizer = false });
        var perShot = new CircuitFactory(10, 10).H(0).Measure(0, 0).Reset(0).Gate(StandardGate.T, 1).MeasureAll().Build();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => backend.ExecuteAsync(new CircuitWorkload(perShot), 1000, 1, cancel.Token));
    }
}
