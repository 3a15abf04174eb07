using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using QBroker.Contracts.Qkd;
using QBroker.Grains.Qkd;
using QBroker.Qkd.Sessions;

namespace QBroker.Benchmarks.QkdLinks;

/// <summary>
/// What keeping a link's pool filled costs: one block of the link grain (a whole session aimed at the default
/// 2^20 sifted key bits, as <c>LinkGrain.RunBlockAsync</c> runs it) on links like the demo network's
/// (<c>DemoQkdNetwork</c>: metro links with Gobby–Yuan–Shields hardware, long-haul links with low-loss fibre and
/// nanowire detectors). A block stands for <see cref="LinkSeconds"/> of the physical link (its pulses at 1 GHz), so
/// the mean time per block divided by that is the fraction of a core the link needs to keep up with its own rate.
/// The link time of each case is printed at setup.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LinkBlockBenchmarks
{
    private const int BlockKeyBits = 1_048_576;

    private QkdSession _session = null!;
    private long _pulses;
    private ulong _seed;

    [Params("metro 6 km", "metro 48 km", "long-haul 75 km", "long-haul 130 km")]
    public string Link { get; set; } = "";

    /// <summary>Seconds of the physical link one block stands for.</summary>
    public double LinkSeconds { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var definition = Link switch
        {
            "metro 6 km" => Metro(6),
            "metro 48 km" => Metro(48),
            "long-haul 75 km" => LongHaul(75),
            "long-haul 130 km" => LongHaul(130),
            _ => throw new ArgumentOutOfRangeException(nameof(Link), Link, "Unknown link."),
        };
        _session = new QkdSession(LinkPhysics.Configuration(definition, eavesdropper: null));
        _pulses = _session.PulsesForKeyBits(BlockKeyBits);
        LinkSeconds = _pulses / definition.ClockRateHz;
        Console.WriteLine($"// LinkTime {Link}: {_pulses:N0} pulses per block = {LinkSeconds:F3} s of the link");
    }

    [Benchmark]
    public long Block() => _session.Run(++_seed, _pulses).Report.FinalKeyBits;

    private static LinkDefinition Metro(double km) => new("bench", "a", "b", km, 0.21, 0.045, 1.7e-6, 0.033, 1e9);

    private static LinkDefinition LongHaul(double km) => new("bench", "a", "b", km, 0.18, 0.6, 1e-7, 0.033, 1e9);
}
