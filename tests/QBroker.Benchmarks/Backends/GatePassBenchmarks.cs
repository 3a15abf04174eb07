using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using QBroker.Backends.StateVector;
using QBroker.Qasm.Ir;

namespace QBroker.Benchmarks.Backends;

/// <summary>
/// One pass over a 26-qubit state (1 GiB read and written) against the memory-bandwidth baseline: a streaming
/// read+write over a 1 GiB buffer in the same process and run. Ratio = pass time / stream time; the engine sustains
/// 1/Ratio of the machine's bandwidth.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class GatePassBenchmarks
{
    private const int Qubits = 26;
    private double[] _buffer = [];
    private StateVectorSimulator _state = null!;
    private FusedGate _hadamard = null!;
    private FusedGate _hadamardOnQubitZero = null!;
    private FusedGate _rotationZ = null!;
    private FusedGate _controlledX = null!;
    private FusedGate _controlledXFromQubitZero = null!;

    [GlobalSetup]
    public void Setup()
    {
        _buffer = new double[2L << Qubits];
        Array.Fill(_buffer, 1.0);
        _state = new StateVectorSimulator(Qubits, Environment.ProcessorCount);
        _hadamard = GateFusion.Single(new UnitaryGate(StandardGate.H, [13], []));
        _hadamardOnQubitZero = GateFusion.Single(new UnitaryGate(StandardGate.H, [0], []));
        _rotationZ = GateFusion.Single(new UnitaryGate(StandardGate.RZ, [13], [0.3]));
        _controlledX = GateFusion.Single(new UnitaryGate(StandardGate.CX, [5, 20], []));
        _controlledXFromQubitZero = GateFusion.Single(new UnitaryGate(StandardGate.CX, [0, 20], []));
    }

    [Benchmark(Baseline = true, Description = "stream read+write 1 GiB")]
    public void StreamReadWrite() => MemoryStream.ScaleInPlace(_buffer, Environment.ProcessorCount);

    [Benchmark(Description = "H on qubit 13 (26 qubits)")]
    public void HadamardPass() => _state.Apply(_hadamard);

    [Benchmark(Description = "H on qubit 0 (26 qubits)")]
    public void HadamardPassOnQubitZero() => _state.Apply(_hadamardOnQubitZero);

    [Benchmark(Description = "RZ diagonal on qubit 13 (26 qubits)")]
    public void DiagonalPass() => _state.Apply(_rotationZ);

    [Benchmark(Description = "CX 5->20 (26 qubits)")]
    public void TwoQubitPass() => _state.Apply(_controlledX);

    [Benchmark(Description = "CX 0->20 (26 qubits)")]
    public void TwoQubitPassOnQubitZero() => _state.Apply(_controlledXFromQubitZero);
}
