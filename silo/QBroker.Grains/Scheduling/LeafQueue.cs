namespace QBroker.Grains.Scheduling;

/// <summary>
/// One fair-share leaf's waiting jobs for one device, in the leaf's own order: highest own priority first, then
/// oldest. Inside a leaf every job shares the fair-share factor, so that order is also the order of their dispatch
/// scores, and the leaf's head is the only one of its jobs a device ever needs to look at. One age-ordered FIFO per
/// priority level makes adding and taking O(1); the levels are few (the API allows 21).
/// </summary>
public sealed class LeafQueue
{
    private static readonly Comparer<int> HighestFirst = Comparer<int>.Create((x, y) => y.CompareTo(x));

    private readonly SortedList<int, AgeOrderedQueue> _levels = new(HighestFirst);
    private WaitingJob? _head;

    public LeafQueue(string leafId) => LeafId = leafId;

    public string LeafId { get; }

    public int Count { get; private set; }

    /// <summary>Where the owning device keeps this queue's entry in its list of leaf heads.</summary>
    public int Slot { get; set; }

    /// <summary>
    /// The job this leaf would run next. Only valid while <see cref="Count"/> is positive. Kept in a field because a
    /// dispatch decision reads the head of every leaf: one load instead of a walk through the levels.
    /// </summary>
    public WaitingJob Head => _head ?? throw new InvalidOperationException("The queue is empty.");

    /// <summary>Non-empty priority levels, highest first; each in age order.</summary>
    public IList<AgeOrderedQueue> Levels => _levels.Values;

    /// <summary>The earliest enqueue time among the waiting jobs. Only valid while <see cref="Count"/> is positive.</summary>
    public DateTimeOffset OldestEnqueuedAt
    {
        get
        {
            var oldest = Head.EnqueuedAt;
            foreach (var level in _levels.Values)
            {
                if (level.Head.EnqueuedAt < oldest)
                {
                    oldest = level.Head.EnqueuedAt;
                }
            }
            return oldest;
        }
    }

    public void Add(WaitingJob job)
    {
        if (!_levels.TryGetValue(job.Priority, out var level))
        {
            level = new AgeOrderedQueue();
            _levels.Add(job.Priority, level);
        }
        level.Add(job);
        Count++;
        _head = _levels.Values[0].Head;
    }

    /// <summary>Takes the job out; false when it is not waiting here. Empty levels are dropped so the head is the first level's.</summary>
    public bool Remove(WaitingJob job)
    {
        if (!_levels.TryGetValue(job.Priority, out var level) || !level.Remove(job))
        {
            return false;
        }
        Count--;
        if (level.Count == 0)
        {
            _levels.Remove(job.Priority);
        }
        _head = Count > 0 ? _levels.Values[0].Head : null;
        return true;
    }
}
