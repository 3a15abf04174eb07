using QBroker.Contracts.Devices;
using QBroker.Contracts.Scheduling;

namespace QBroker.Grains.Scheduling;

/// <summary>
/// The waiting and running jobs of one device, in dispatch order: higher priority first, then earlier enqueue,
/// then job id (a total order, so ties never depend on insertion). Insert, remove and take-next are O(log n).
/// Pure: no grains, no clock of its own; the scheduler grain drives it.
/// </summary>
public sealed class DeviceLane(string deviceId, int slots, DeviceStatus status)
{
    private readonly SortedSet<QueueEntry> _waiting = new(DispatchOrder.Instance);
    private readonly Dictionary<Guid, QueueEntry> _waitingById = [];
    private readonly Dictionary<Guid, RunningJob> _running = [];

    public string DeviceId { get; } = deviceId;

    public int Slots { get; } = Math.Max(1, slots);

    public DeviceStatus Status { get; set; } = status;

    public int WaitingCount => _waiting.Count;

    public int RunningCount => _running.Count;

    public IEnumerable<Guid> RunningJobs => _running.Keys;

    public DateTimeOffset? OldestEnqueuedAt => _waiting.Count == 0 ? null : _waiting.Min(entry => entry.EnqueuedAt);

    /// <summary>Can take another job now.</summary>
    public bool HasFreeSlot => Status == DeviceStatus.Online && _running.Count < Slots;

    public bool Contains(Guid jobId) => _waitingById.ContainsKey(jobId) || _running.ContainsKey(jobId);

    public bool IsWaiting(Guid jobId) => _waitingById.ContainsKey(jobId);

    /// <summary>Adds a waiting job. False when the job is already waiting or running here.</summary>
    public bool Enqueue(QueueEntry entry)
    {
        if (Contains(entry.JobId))
        {
            return false;
        }
        _waiting.Add(entry);
        _waitingById.Add(entry.JobId, entry);
        return true;
    }

    public bool Remove(Guid jobId)
    {
        if (!_waitingById.Remove(jobId, out var entry))
        {
            return false;
        }
        _waiting.Remove(entry);
        return true;
    }

    /// <summary>Moves the first waiting job to running, if a slot is free.</summary>
    public bool TryStartNext(DateTimeOffset now, out QueueEntry started)
    {
        started = null!;
        if (!HasFreeSlot || _waiting.Count == 0)
        {
            return false;
        }
        started = _waiting.Min!;
        _waiting.Remove(started);
        _waitingById.Remove(started.JobId);
        _running.Add(started.JobId, new RunningJob(started, now));
        return true;
    }

    /// <summary>Records a job found running on the device (after the scheduler itself restarted).</summary>
    public void MarkRunning(QueueEntry entry, DateTimeOffset startedAt) => _running[entry.JobId] = new RunningJob(entry, startedAt);

    /// <summary>The job left its slot; returns its entry (to requeue it) when it was running here.</summary>
    public QueueEntry? Finish(Guid jobId) => _running.Remove(jobId, out var running) ? running.Entry : null;

    /// <summary>
    /// 1-based position of a waiting job and when it should start: the remaining time of the running jobs plus the
    /// durations of the jobs ahead, spread over the device's slots. O(n) in the queue length.
    /// </summary>
    public QueueTicket? Ticket(Guid jobId, DateTimeOffset now)
    {
        if (!_waitingById.ContainsKey(jobId))
        {
            return null;
        }
        var backlog = TimeSpan.Zero;
        foreach (var running in _running.Values)
        {
            var remaining = running.Entry.EstimatedDuration - (now - running.StartedAt);
            if (remaining > TimeSpan.Zero)
            {
                backlog += remaining;
            }
        }
        var position = 1;
        foreach (var entry in _waiting)
        {
            if (entry.JobId == jobId)
            {
                break;
            }
            backlog += entry.EstimatedDuration;
            position++;
        }
        var freeNow = Status == DeviceStatus.Online && _running.Count < Slots && position <= Slots - _running.Count;
        var wait = freeNow ? TimeSpan.Zero : backlog / Slots;
        return new QueueTicket(jobId, DeviceId, position, now + wait);
    }

    private sealed record RunningJob(QueueEntry Entry, DateTimeOffset StartedAt);

    private sealed class DispatchOrder : IComparer<QueueEntry>
    {
        public static readonly DispatchOrder Instance = new();

        public int Compare(QueueEntry? x, QueueEntry? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }
            if (x is null || y is null)
            {
                return x is null ? -1 : 1;
            }
            var byPriority = y.Priority.CompareTo(x.Priority);
            if (byPriority != 0)
            {
                return byPriority;
            }
            var byTime = x.EnqueuedAt.CompareTo(y.EnqueuedAt);
            return byTime != 0 ? byTime : x.JobId.CompareTo(y.JobId);
        }
    }
}
