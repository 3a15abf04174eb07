namespace QBroker.Grains.Telemetry;

/// <summary>
/// The scheduler's waiting jobs counted per device (a job that may run on several devices waits on each of them) and
/// per institution (each job counted once), both over configured sets, so the labels stay bounded.
/// </summary>
public sealed record QueueSnapshot(IReadOnlyList<QueueLine> Devices, IReadOnlyList<QueueLine> Institutions)
{
    public static readonly QueueSnapshot Empty = new([], []);
}
