namespace QBroker.Grains.Telemetry;

/// <summary>
/// Where the scheduler grain leaves its latest <see cref="QueueSnapshot"/> for the queue gauges of its own process. The
/// grain publishes on a timer, only when its queues changed since the last publication and only while a metrics reader
/// listens, so a scrape reads memory and never calls a grain, and a busy queue costs at most one snapshot per
/// <see cref="PublishInterval"/>. In a cluster only the silo hosting the scheduler reports queues (the others report
/// none), so a sum over silos counts every job once; an activation that moves away withdraws its snapshot.
/// </summary>
public static class QueueSnapshotBoard
{
    /// <summary>A few publications a second: queue depth in a dashboard lags by at most this plus the scrape interval.</summary>
    public static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(250);

    private static Publication s_current = new(null, QueueSnapshot.Empty);

    /// <summary>The latest snapshot, or an empty one when no scheduler activation in this process published one.</summary>
    public static QueueSnapshot Current => Volatile.Read(ref s_current).Snapshot;

    /// <summary>Whether any metrics reader (Prometheus, OTLP, a test collector) listens to the queue gauges.</summary>
    public static bool IsObserved => QBrokerTelemetry.QueueGaugesObserved;

    /// <summary>Replaces the snapshot; <paramref name="publisher"/> is the activation, so only it can withdraw it.</summary>
    public static void Publish(object publisher, QueueSnapshot snapshot) =>
        Volatile.Write(ref s_current, new Publication(publisher, snapshot));

    /// <summary>
    /// Drops the snapshot <paramref name="publisher"/> published, unless another activation published since (a new
    /// activation in the same process may start before the old one finished deactivating).
    /// </summary>
    public static void Withdraw(object publisher)
    {
        var current = Volatile.Read(ref s_current);
        if (ReferenceEquals(current.Publisher, publisher))
        {
            Interlocked.CompareExchange(ref s_current, new Publication(null, QueueSnapshot.Empty), current);
        }
    }

    private sealed record Publication(object? Publisher, QueueSnapshot Snapshot);
}
