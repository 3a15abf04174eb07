using QBroker.Contracts.Jobs;

namespace QBroker.Grains.Telemetry;

/// <summary>
/// The outcome label of a job transition, as counted by <c>qbroker.jobs.outcomes</c>: the three terminal states and
/// "retried" for a transient fault that sends the job back to the queue. Starting to run is not an outcome.
/// </summary>
public static class JobOutcome
{
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Retried = "retried";

    /// <summary>The outcome a transition from <paramref name="from"/> to <paramref name="to"/> records, or null.</summary>
    public static string? Of(JobState? from, JobState to) => to switch
    {
        JobState.Completed => Completed,
        JobState.Failed => Failed,
        JobState.Cancelled => Cancelled,
        JobState.Retrying when from == JobState.Running => Retried,
        _ => null,
    };
}
