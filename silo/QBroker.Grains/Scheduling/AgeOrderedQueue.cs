namespace QBroker.Grains.Scheduling;

/// <summary>
/// The waiting jobs of one (device, fair-share leaf, own priority) in age order: oldest first, ties by id. Jobs
/// arrive in age order almost always (a job's age is its submission time), so adding is an append and taking the
/// head is O(1); a job that arrives older than the tail (a retry keeps its original age) or leaves from the middle
/// (cancelled, or started on another device) is found by binary search and the shorter side is shifted, which for
/// the usual case of a job near either end costs almost nothing. Alongside each job the queue keeps the running
/// total of estimated device time, so the device time of any prefix (the backlog ahead of a job) is O(1).
/// </summary>
public sealed class AgeOrderedQueue
{
    private const int InitialCapacity = 4;

    private Entry[] _entries = new Entry[InitialCapacity];
    private int _head;
    private int _count;

    /// <summary>
    /// Running totals are absolute ticks; this is the total just before the head, so a prefix's device time is a
    /// difference of two totals whatever was removed in front of it.
    /// </summary>
    private long _ticksBeforeHead;

    public int Count => _count;

    /// <summary>The oldest job. Only valid while <see cref="Count"/> is positive.</summary>
    public WaitingJob Head => _count > 0 ? _entries[_head].Job : throw new InvalidOperationException("The queue is empty.");

    /// <summary>The job at <paramref name="index"/> from the head, 0-based.</summary>
    public WaitingJob this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            return _entries[_head + index].Job;
        }
    }

    /// <summary>Total estimated device time of the first <paramref name="count"/> jobs.</summary>
    public TimeSpan DurationOfFirst(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _count);
        return count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(_entries[_head + count - 1].TicksThrough - _ticksBeforeHead);
    }

    public void Add(WaitingJob job)
    {
        if (_count == 0 || AgeOrder(job, _entries[_head + _count - 1].Job) > 0)
        {
            EnsureRoomAtTail();
            var before = _count == 0 ? _ticksBeforeHead : _entries[_head + _count - 1].TicksThrough;
            _entries[_head + _count] = new Entry(job, before + job.EstimatedDuration.Ticks);
            _count++;
            return;
        }
        InsertAt(LowerBound(job), job);
    }

    /// <summary>Takes the job out; false when it is not in this queue.</summary>
    public bool Remove(WaitingJob job)
    {
        if (_count == 0)
        {
            return false;
        }
        if (_entries[_head].Job.JobId == job.JobId)
        {
            _ticksBeforeHead = _entries[_head].TicksThrough;
            _entries[_head] = default;
            _head++;
            _count--;
            if (_count == 0)
            {
                _head = 0;
                _ticksBeforeHead = 0;
            }
            return true;
        }
        var index = LowerBound(job);
        if (index == _count || _entries[_head + index].Job.JobId != job.JobId)
        {
            return false;
        }
        RemoveAt(index);
        return true;
    }

    /// <summary>Age order: enqueued earlier first, then by id, so two jobs never tie.</summary>
    private static int AgeOrder(WaitingJob x, WaitingJob y)
    {
        var byAge = x.EnqueuedAt.CompareTo(y.EnqueuedAt);
        return byAge != 0 ? byAge : x.JobId.CompareTo(y.JobId);
    }

    /// <summary>Index (from the head) of the first job not older than <paramref name="job"/>.</summary>
    private int LowerBound(WaitingJob job)
    {
        int low = 0, high = _count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (AgeOrder(_entries[_head + middle].Job, job) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    private void InsertAt(int index, WaitingJob job)
    {
        var ticks = job.EstimatedDuration.Ticks;
        if (index < _count / 2 && _head > 0)
        {
            // Shift the front one slot towards the head. Lowering the base and every shifted total by the new job's
            // time keeps the prefixes before it unchanged and adds it to every total after it without touching them.
            for (var i = _head; i < _head + index; i++)
            {
                var entry = _entries[i];
                _entries[i - 1] = entry with { TicksThrough = entry.TicksThrough - ticks };
            }
            _head--;
            _ticksBeforeHead -= ticks;
        }
        else
        {
            EnsureRoomAtTail();
            for (var i = _head + _count; i > _head + index; i--)
            {
                var entry = _entries[i - 1];
                _entries[i] = entry with { TicksThrough = entry.TicksThrough + ticks };
            }
        }
        var before = index == 0 ? _ticksBeforeHead : _entries[_head + index - 1].TicksThrough;
        _entries[_head + index] = new Entry(job, before + ticks);
        _count++;
    }

    private void RemoveAt(int index)
    {
        var ticks = _entries[_head + index].Job.EstimatedDuration.Ticks;
        if (index < _count / 2)
        {
            for (var i = _head + index; i > _head; i--)
            {
                var entry = _entries[i - 1];
                _entries[i] = entry with { TicksThrough = entry.TicksThrough + ticks };
            }
            _entries[_head] = default;
            _head++;
            _ticksBeforeHead += ticks;
        }
        else
        {
            for (var i = _head + index; i < _head + _count - 1; i++)
            {
                var entry = _entries[i + 1];
                _entries[i] = entry with { TicksThrough = entry.TicksThrough - ticks };
            }
            _entries[_head + _count - 1] = default;
        }
        _count--;
    }

    /// <summary>Makes one free slot after the tail: moves the jobs to the front when half the array is free there, else doubles it.</summary>
    private void EnsureRoomAtTail()
    {
        if (_head + _count < _entries.Length)
        {
            return;
        }
        var target = _head >= _entries.Length / 2 ? _entries : new Entry[_entries.Length * 2];
        Array.Copy(_entries, _head, target, 0, _count);
        if (ReferenceEquals(target, _entries))
        {
            Array.Clear(_entries, _count, _head);
        }
        _entries = target;
        _head = 0;
    }

    private readonly record struct Entry(WaitingJob Job, long TicksThrough);
}
