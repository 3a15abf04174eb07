using BenchmarkDotNet.Attributes;
using QBroker.Qkd.Links;
using QBroker.Qkd.Physics;
using QBroker.Qkd.Randomness;

namespace QBroker.Benchmarks.Qkd;

/// <summary>
/// Pulses per second of the physical layer on the 50 km GYS link (decoy-state BB84). The baseline is the cheapest
/// simulation that still visits every pulse: one random draw and one comparison per pulse. Both report time per
/// pulse (OperationsPerInvoke), so the ratio is the speed-up of sampling clicks instead of pulses.
/// </summary>
public class PhysicalLayerBenchmarks
{
    private const int VisitedPulses = 100_000_000;
    private const long SampledPulses = 1_000_000_000;

    private readonly LinkConfiguration _link = LinkConfiguration.GobbyYuanShields(50);
    private readonly DeterministicRandom _random = new(2026);
    private double _clickProbability;

    [GlobalSetup]
    public void Setup() => _clickProbability = 1 - ((1 - _link.DarkCountProbability) * Math.Exp(-_link.OverallTransmittance * _link.Source.SignalIntensity));

    [Benchmark(Baseline = true, OperationsPerInvoke = VisitedPulses)]
    public long EveryPulseVisited()
    {
        long clicks = 0;
        for (var i = 0; i < VisitedPulses; i++)
        {
            if (_random.NextDouble() < _clickProbability)
            {
                clicks++;
            }
        }

        return clicks;
    }

    [Benchmark(OperationsPerInvoke = (int)SampledPulses)]
    public int ClicksSampled() => PhysicalLayer.Simulate(_link, SampledPulses, _random).Count;
}
