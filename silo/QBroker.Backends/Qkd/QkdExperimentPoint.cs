using QBroker.Qkd.Links;

namespace QBroker.Backends.Qkd;

/// <summary>
/// One session of an experiment: the link it runs on, its seed and its pulses. <see cref="SweepValue"/> is the swept
/// parameter's value, null for a single-session experiment.
/// </summary>
public sealed record QkdExperimentPoint(double? SweepValue, LinkConfiguration Link, ulong Seed, long Pulses)
{
    /// <summary>How long the testbed's source emits for this session: pulses at the link's clock rate.</summary>
    public double SourceSeconds => Pulses / Link.ClockRateHz;
}
