using BenchmarkDotNet.Attributes;
using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;
using QBroker.Qkd.Randomness;
using QBroker.Qkd.Sessions;

namespace QBroker.Benchmarks.Qkd;

/// <summary>
/// One BBM92 session on a 20 km link with the pair source in the middle (mu = 0.1 pairs per clock, detectors 20 %,
/// e_d 2 %, Y0 1e-5): 2 x 10^8 clock cycles, about 3.3 x 10^5 coincidences and 1.3 x 10^5 key bits into Cascade.
/// The baseline is the entangled physical layer alone for the same block, so the ratio is what sifting, the CHSH
/// estimate and the post-processing chain cost on top.
/// </summary>
public class Bbm92SessionBenchmarks
{
    private const long Pulses = 200_000_000;

    private readonly LinkConfiguration _link = new()
    {
        LengthKm = 20,
        Protocol = QkdProtocol.Bbm92,
        Misalignment = 0.02,
        DetectorEfficiency = 0.2,
        DarkCountProbability = 1e-5,
        EntangledSource = new EntangledSourceSettings { MeanPairsPerPulse = 0.1 },
    };

    private QkdSession _session = null!;

    [GlobalSetup]
    public void Setup() => _session = new QkdSession(_link);

    [Benchmark(Baseline = true)]
    public int PhysicsOnly() => EntangledPhysicalLayer.Simulate(_link, Pulses, new DeterministicRandom(1)).Count;

    [Benchmark]
    public long WholeSession() => _session.Run(1, Pulses).Report.FinalKeyBits;
}
