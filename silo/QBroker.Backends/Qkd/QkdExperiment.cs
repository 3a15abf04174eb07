using QBroker.Qkd.Links;
using QBroker.Qkd.Sessions;

namespace QBroker.Backends.Qkd;

/// <summary>
/// A researcher's QKD experiment: a link, how many pulses each session sends (given directly, or enough for a
/// target number of sifted key bits), a seed and an optional sweep. Point i runs with seed + i, as the library's
/// parameter sweeps do, so the same experiment always produces the same table.
/// </summary>
public sealed record QkdExperiment
{
    public required LinkConfiguration Link { get; init; }

    /// <summary>Pulses per session; null to size each session by <see cref="TargetKeyBits"/>.</summary>
    public long? Pulses { get; init; }

    /// <summary>Sifted key bits each session aims for when <see cref="Pulses"/> is null.</summary>
    public int TargetKeyBits { get; init; } = QkdExperimentLimits.DefaultTargetKeyBits;

    public ulong Seed { get; init; } = 1;

    public QkdSweep? Sweep { get; init; }

    /// <summary>
    /// The sessions to run, in order. A session sized by key bits never exceeds
    /// <see cref="QkdExperimentLimits.MaxPulsesPerPoint"/>: far points stay affordable and simply yield little or no key.
    /// </summary>
    public IReadOnlyList<QkdExperimentPoint> Points()
    {
        if (Sweep is not { } sweep)
        {
            return [Point(null, Link, Seed)];
        }
        var values = sweep.Values();
        return [.. values.Select((value, i) => Point(value, sweep.Variable.Apply(Link, value), Seed + (ulong)i))];
    }

    /// <summary>Sifted key bits a session of this many pulses is expected to put into error correction.</summary>
    public static double ExpectedKeyBits(QkdExperimentPoint point) => point.Pulses * KeyBitsPerPulse(point.Link);

    private static double KeyBitsPerPulse(LinkConfiguration link)
    {
        // PulsesForKeyBits rounds up to whole pulses; asking for a million bits keeps that rounding negligible. A link
        // that detects nothing needs infinitely many pulses, which the library's conversion to long turns negative.
        const int reference = 1_000_000;
        var pulses = new QkdSession(link).PulsesForKeyBits(reference);
        return pulses > 0 ? reference / (double)pulses : 0;
    }

    private QkdExperimentPoint Point(double? sweepValue, LinkConfiguration link, ulong seed)
    {
        var perPulse = KeyBitsPerPulse(link);
        var pulses = Pulses ?? (long)Math.Min(QkdExperimentLimits.MaxPulsesPerPoint, Math.Ceiling(perPulse > 0 ? TargetKeyBits / perPulse : double.PositiveInfinity));
        return new QkdExperimentPoint(sweepValue, link, seed, pulses);
    }
}
