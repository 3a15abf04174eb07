using System.Diagnostics;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// When a fault took effect (the process is gone, the signal delivered), marked by the fault itself: measuring from
/// the moment the test decided to act would count executions that finished in the milliseconds before.
/// </summary>
public sealed class FaultClock
{
    public long Timestamp { get; private set; }

    public DateTimeOffset At { get; private set; }

    public bool IsMarked => Timestamp != 0;

    public void Mark()
    {
        if (!IsMarked)
        {
            Timestamp = Stopwatch.GetTimestamp();
            At = DateTimeOffset.UtcNow;
        }
    }

    /// <summary>Seconds from the fault to <paramref name="timestamp"/>.</summary>
    public double SecondsUntil(long timestamp) => (timestamp - Timestamp) / (double)Stopwatch.Frequency;
}
