using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using QBroker.Backends;
using QBroker.Backends.Routing;
using QBroker.Qasm.Ir;

namespace QBroker.Benchmarks.Backends;

/// <summary>
/// Routing on the catalogue's coupled devices: the greedy router (baseline) against <see cref="CircuitRouter"/>
/// (SABRE trials from the greedy and best-calibrated layouts). The set: QFT-8/12/16, random 20-layer circuits on
/// 8/12/16 qubits and a 20-qubit GHZ chain, on ibm-brooklyn (heavy-hex) and rigetti-ankaa-3 (square lattice). SWAP
/// counts are deterministic; setup prints them per circuit and in total ("// Swaps ...") for
/// docs/benchmarks-backends.md. The timed rows are the routing times of the whole set.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class RoutingBenchmarks
{
    private (DeviceModel Device, string Name, Circuit Circuit)[] _set = [];

    [GlobalSetup]
    public void Setup()
    {
        var devices = DeviceCatalogue.CreateDefault().Where(d => !d.Coupling.IsAllToAll && d.Kind == DeviceKind.Gate).ToArray();
        _set =
        [
            .. from device in devices
               from named in Circuits()
               select (device, named.Name, named.Circuit),
        ];
        var greedyTotal = 0;
        var sabreTotal = 0;
        foreach (var (device, name, circuit) in _set)
        {
            var greedy = SwapRouter.Route(circuit, device.Coupling).SwapCount;
            var sabre = CircuitRouter.Route(circuit, device).SwapCount;
            greedyTotal += greedy;
            sabreTotal += sabre;
            Console.WriteLine($"// Swaps {device.Id} {name}: greedy {greedy}, routed {sabre}");
        }
        Console.WriteLine($"// Swaps total: greedy {greedyTotal}, routed {sabreTotal}, ratio {sabreTotal / (double)greedyTotal:F3}");
    }

    [Benchmark(Baseline = true, Description = "greedy router, whole set")]
    public int Greedy() => _set.Sum(x => SwapRouter.Route(x.Circuit, x.Device.Coupling).SwapCount);

    [Benchmark(Description = "SABRE trials, whole set")]
    public int Sabre() => _set.Sum(x => CircuitRouter.Route(x.Circuit, x.Device).SwapCount);

    private static IEnumerable<(string Name, Circuit Circuit)> Circuits()
    {
        foreach (var n in new[] { 8, 12, 16 })
        {
            yield return ($"qft-{n}", Build(n, QBroker.Benchmarks.Backends.Circuits.Qft(n)));
            yield return ($"random-{n}", Build(n, QBroker.Benchmarks.Backends.Circuits.RandomLayers(n, layers: 20, seed: n)));
        }
        var chain = new List<QBroker.Backends.StateVector.UnitaryGate> { new(StandardGate.H, [0], []) };
        for (var q = 0; q + 1 < 20; q++)
        {
            chain.Add(new(StandardGate.CX, [q, q + 1], []));
        }
        yield return ("ghz-20", Build(20, chain));
    }

    private static Circuit Build(int qubits, IEnumerable<QBroker.Backends.StateVector.UnitaryGate> gates)
    {
        var operations = gates.Select(g => (Operation)new GateOperation(g.Gate, g.Qubits, g.Parameters))
            .Concat(Enumerable.Range(0, qubits).Select(q => new MeasureOperation(q, q)))
            .ToArray();
        return new Circuit(qubits, qubits, [new Register("q", 0, qubits)], [new Register("c", 0, qubits)], operations);
    }
}
