using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using QBroker.Backends;
using QBroker.Backends.StateVector;
using QBroker.Qasm.Ir;

namespace QBroker.Benchmarks.Backends;

/// <summary>
/// Whole circuits on the state vector: the QFT with and without fusion, and a random circuit (20 layers of random
/// single-qubit rotations on every qubit followed by CX on a random pairing). Passes per circuit are reported by
/// <see cref="PassCounts"/> in the benchmark log.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class CircuitBenchmarks
{
    private StateVectorSimulator _state = null!;
    private FusedGate[] _qftFused = [];
    private FusedGate[] _qftUnfused = [];
    private FusedGate[] _randomFused = [];

    [Params(20, 24, 26)]
    public int Qubits { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _state = new StateVectorSimulator(Qubits, Environment.ProcessorCount);
        var qft = Circuits.Qft(Qubits);
        var maxFused = BackendOptions.Default.MaxFusedQubits;
        _qftFused = GateFusion.Fuse(qft, maxFused).ToArray();
        _qftUnfused = qft.Select(GateFusion.Single).ToArray();
        var random = Circuits.RandomLayers(Qubits, layers: 20, seed: 1);
        _randomFused = GateFusion.Fuse(random, maxFused).ToArray();
        Console.WriteLine($"// PassCounts {Qubits} qubits: QFT {qft.Count} gates -> {_qftFused.Length} fused passes; random {random.Count} gates -> {_randomFused.Length} fused passes");
    }

    [Benchmark(Baseline = true, Description = "QFT unfused")]
    public void QftUnfused() => Run(_qftUnfused);

    [Benchmark(Description = "QFT fused")]
    public void QftFused() => Run(_qftFused);

    [Benchmark(Description = "random 20 layers fused")]
    public void RandomFused() => Run(_randomFused);

    private void Run(FusedGate[] passes)
    {
        _state.InitialiseZero();
        foreach (var pass in passes)
        {
            _state.Apply(pass);
        }
    }
}
