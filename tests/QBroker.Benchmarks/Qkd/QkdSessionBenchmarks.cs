using BenchmarkDotNet.Attributes;
using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;
using QBroker.Qkd.Randomness;
using QBroker.Qkd.Sessions;

namespace QBroker.Benchmarks.Qkd;

/// <summary>
/// One whole session (the call a link grain makes per block) on the 25 km GYS link: 10^8 pulses, about 2.3 x 10^5
/// key bits into Cascade. The baseline is the physical layer alone for the same block, so the ratio is what the
/// classical post-processing costs on top.
/// </summary>
public class QkdSessionBenchmarks
{
    private const long Pulses = 100_000_000;

    private readonly LinkConfiguration _link = LinkConfiguration.GobbyYuanShields(25);
    private QkdSession _session = null!;

    [GlobalSetup]
    public void Setup() => _session = new QkdSession(_link);

    [Benchmark(Baseline = true)]
    public int PhysicsOnly() => PhysicalLayer.Simulate(_link, Pulses, new DeterministicRandom(1)).Count;

    [Benchmark]
    public long WholeSession() => _session.Run(1, Pulses).Report.FinalKeyBits;
}
