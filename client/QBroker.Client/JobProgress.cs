using QBroker.Client.Api;

namespace QBroker.Client;

/// <summary>Decides whether a polled job view tells a watcher anything new.</summary>
public static class JobProgress
{
    /// <summary>
    /// True when <paramref name="current"/> differs from <paramref name="previous"/> in what a user watches: state,
    /// placement, queue position, estimated start or attempt count. Other fields (costs, transitions) follow from
    /// these, so comparing them would only repeat the same news.
    /// </summary>
    public static bool HasChanged(JobView? previous, JobView current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return previous is null
            || previous.State != current.State
            || previous.Device != current.Device
            || previous.QueuePosition != current.QueuePosition
            || previous.EstimatedStart != current.EstimatedStart
            || previous.Attempts != current.Attempts;
    }
}
