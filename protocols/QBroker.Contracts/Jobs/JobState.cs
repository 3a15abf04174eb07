namespace QBroker.Contracts.Jobs;

/// <summary>
/// queued → running → completed | failed | cancelled, with retrying when a transient fault sends a job back.
/// The numeric values are stored; never renumber.
/// </summary>
[GenerateSerializer, Alias("qbroker.JobState")]
public enum JobState
{
    Queued = 0,
    Running = 1,
    Retrying = 2,
    Completed = 3,
    Failed = 4,
    Cancelled = 5,
}

public static class JobStateExtensions
{
    public static bool IsTerminal(this JobState state) => state is JobState.Completed or JobState.Failed or JobState.Cancelled;

    /// <summary>Waiting for a device: queued for the first time, or back in the queue after a fault.</summary>
    public static bool IsWaiting(this JobState state) => state is JobState.Queued or JobState.Retrying;

    /// <summary>The lower-case name used on the wire and in storage queries.</summary>
    public static string ToWire(this JobState state) => state switch
    {
        JobState.Queued => "queued",
        JobState.Running => "running",
        JobState.Retrying => "retrying",
        JobState.Completed => "completed",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static bool TryParseWire(string text, out JobState state)
    {
        foreach (var candidate in Enum.GetValues<JobState>())
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }
        state = default;
        return false;
    }
}
