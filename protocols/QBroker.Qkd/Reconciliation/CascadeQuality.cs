using QBroker.Qkd.Randomness;
using QBroker.Qkd.Theory;

namespace QBroker.Qkd.Reconciliation;

/// <summary>
/// What one Cascade variant achieves at one QBER over many seeded frames: efficiency f = disclosed parities /
/// (n H2(Q)) as the mean over frames with its per-frame standard deviation, the largest f of any frame, channel uses
/// per frame, and frames left with an error before verification. Counts only, so it is the same on any machine.
/// </summary>
public sealed record CascadeQuality(
    CascadeVariant Variant,
    double Qber,
    int Frames,
    int FrameBits,
    double Efficiency,
    double EfficiencyStandardDeviation,
    double WorstFrameEfficiency,
    double ChannelUses,
    int ResidualFrameErrors)
{
    /// <summary>Reconciles <paramref name="frames"/> frames with exactly round(Q n) errors each (see <see cref="ErroredFrame"/>).</summary>
    public static CascadeQuality Measure(CascadeVariant variant, double qber, int frames, int frameBits, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frames);
        var random = new DeterministicRandom(seed);
        var reconciler = new CascadeReconciler(variant);
        var shannon = frameBits * BinaryEntropy.H2(qber);
        double sum = 0;
        double sumOfSquares = 0;
        double worst = 0;
        double uses = 0;
        var failures = 0;
        for (var frame = 0; frame < frames; frame++)
        {
            var (alice, bob) = ErroredFrame.Create(random, frameBits, qber);
            var statistics = reconciler.Reconcile(alice, bob, qber);
            var f = statistics.DisclosedBits / shannon;
            sum += f;
            sumOfSquares += f * f;
            worst = Math.Max(worst, f);
            uses += statistics.ChannelUses;
            failures += alice.AsSpan().SequenceEqual(bob) ? 0 : 1;
        }

        var mean = sum / frames;
        var variance = frames > 1 ? Math.Max(0, (sumOfSquares - (frames * mean * mean)) / (frames - 1)) : 0;
        return new CascadeQuality(variant, qber, frames, frameBits, mean, Math.Sqrt(variance), worst, uses / frames, failures);
    }
}
