using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using QBroker.Backends;
using QBroker.Qasm.Ir;

namespace QBroker.Benchmarks.Backends;

/// <summary>
/// What exact thermal relaxation costs: a 10-qubit circuit (5 layers of random rotations and CX pairs, not Clifford)
/// on ibm-brooklyn, 1,000 shots, per-shot state vector with relaxation applied exactly (amplitude-damping
/// trajectories, two passes per relaxation step) against the Pauli-twirled form (baseline; a pass only when an error
/// is drawn), and the same circuit on the noiseless simulator sampled from one run.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class NoisyTrajectoryBenchmarks
{
    private const int Shots = 1000;
    private CircuitWorkload _workload = null!;
    private IDeviceBackend _exact = null!;
    private IDeviceBackend _twirled = null!;
    private IDeviceBackend _ideal = null!;

    [GlobalSetup]
    public void Setup()
    {
        const int qubits = 10;
        var operations = Circuits.RandomLayers(qubits, layers: 5, seed: 3)
            .Select(g => (Operation)new GateOperation(g.Gate, g.Qubits, g.Parameters))
            .Concat(Enumerable.Range(0, qubits).Select(q => new MeasureOperation(q, q)))
            .ToArray();
        _workload = new CircuitWorkload(new Circuit(qubits, qubits, [new Register("q", 0, qubits)], [new Register("c", 0, qubits)], operations));
        var devices = DeviceCatalogue.CreateDefault();
        var ibm = devices.Single(d => d.Id == DeviceCatalogue.IbmBrooklyn);
        _exact = DeviceBackends.Create(ibm, new BackendOptions { MaxExactRelaxationWork = long.MaxValue });
        _twirled = DeviceBackends.Create(ibm, new BackendOptions { MaxExactRelaxationWork = 0 });
        _ideal = DeviceBackends.Create(devices.Single(d => d.Id == DeviceCatalogue.LocalSimulator), BackendOptions.Default);
        foreach (var backend in new[] { _exact, _twirled, _ideal })
        {
            var engine = backend.ExecuteAsync(_workload, Shots, 1, default).GetAwaiter().GetResult().Engine;
            Console.WriteLine($"// Engine {backend.Device.Id}: {engine}");
        }
    }

    [Benchmark(Baseline = true, Description = "ibm, twirled relaxation")]
    public object Twirled() => _twirled.ExecuteAsync(_workload, Shots, 2, default).GetAwaiter().GetResult();

    [Benchmark(Description = "ibm, exact relaxation trajectories")]
    public object Exact() => _exact.ExecuteAsync(_workload, Shots, 2, default).GetAwaiter().GetResult();

    [Benchmark(Description = "ideal simulator, sampled once")]
    public object Ideal() => _ideal.ExecuteAsync(_workload, Shots, 2, default).GetAwaiter().GetResult();
}
