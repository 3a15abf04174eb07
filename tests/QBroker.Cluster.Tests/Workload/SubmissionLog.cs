using QBroker.Cluster.Tests.History;

namespace QBroker.Cluster.Tests.Workload;

/// <summary>Every acknowledged submission of a run, in the order the acknowledgements arrived; thread-safe.</summary>
public sealed class SubmissionLog
{
    private readonly List<(AcknowledgedSubmission Submission, DateTimeOffset At)> _entries = [];

    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    public void Add(AcknowledgedSubmission submission, DateTimeOffset at)
    {
        lock (_entries)
        {
            _entries.Add((submission, at));
        }
    }

    public IReadOnlyList<AcknowledgedSubmission> Snapshot()
    {
        lock (_entries)
        {
            return [.. _entries.Select(entry => entry.Submission)];
        }
    }

    /// <summary>The first acknowledgement at or after <paramref name="since"/>: when the cluster accepted work again.</summary>
    public DateTimeOffset? FirstAfter(DateTimeOffset since)
    {
        lock (_entries)
        {
            return _entries.Where(entry => entry.At >= since).Select(entry => (DateTimeOffset?)entry.At).Min();
        }
    }
}
