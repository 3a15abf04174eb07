namespace QBroker.Backends.Qkd;

/// <summary>
/// Bounds that keep one QKD job to seconds of silo CPU rather than hours. A session's cost grows with its detections
/// (the physics samples clicks, not pulses: about 10^10 pulses per second), so the work is bounded by the expected
/// number of sifted key bits as well as by pulses. At the library's measured ~1.1e8 pulses per 0.11 s at 25 km
/// (docs/benchmarks-qkd.md, about 6e5 detections) the largest allowed experiment runs for a few seconds.
/// </summary>
public static class QkdExperimentLimits
{
    /// <summary>Pulses of one point (10 s of a 1 GHz source).</summary>
    public const long MaxPulsesPerPoint = 10_000_000_000;

    /// <summary>Points of a sweep.</summary>
    public const int MaxSweepSteps = 41;

    /// <summary>Expected sifted key bits entering error correction at one point.</summary>
    public const long MaxKeyBitsPerPoint = 2_000_000;

    /// <summary>Expected sifted key bits summed over every point of a sweep.</summary>
    public const long MaxKeyBitsPerExperiment = 10_000_000;

    /// <summary>Key bits aimed for when the experiment gives neither pulses nor targetKeyBits.</summary>
    public const int DefaultTargetKeyBits = 100_000;
}
