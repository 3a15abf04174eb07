namespace QBroker.Grains.Scheduling;

/// <summary>
/// One fair-share leaf's waiting jobs for one device, as one age-ordered FIFO per own-priority level (highest level
/// first). Inside a leaf every job shares the fair-share factor, but the dispatch score still adds age and own
/// priority, so an old job of a lower level can outscore a new one of a higher level: the leaf order (level, then
/// age) is not the score order across levels. Within one level it is (the score falls with age, ties in age order),
/// so the dispatch scores the head of every level and never looks further. The levels are few (the API allows 21);
/// adding and taking a job are O(1).
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
    /// The first job in leaf order: the oldest of the highest level. Only valid while <see cref="Count"/> is positive.
    /// Kept in a field because a dispatch decision reads it for every leaf, and with a single level it is the only
    /// candidate: one load instead of a walk through the levels.
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
