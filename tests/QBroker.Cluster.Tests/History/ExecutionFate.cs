using QBroker.Contracts.Jobs;

namespace QBroker.Cluster.Tests.History;

/// <summary>What became of an execution that was running on a silo when the silo was told to stop.</summary>
public enum ExecutionOutcome
{
    /// <summary>It completed on that silo before the silo exited.</summary>
    CompletedThere,

    /// <summary>The silo handed it back to the queue before it exited, and a later attempt on another silo completed it.</summary>
    HandedOverAndCompletedElsewhere,

    /// <summary>Anything else: lost with the silo, completed after it exited, never completed, or run there again.</summary>
    Other,
}

/// <summary>
/// Judges, from a job's recorded transitions, what became of its attempt that started on <c>silo</c> (the start
/// transition records the silo) and was running when that silo got SIGTERM.
/// </summary>
public static class ExecutionFate
{
    public static (ExecutionOutcome Outcome, string Account) Of(StoredJob job, string silo, DateTimeOffset exitedAt)
    {
        var transitions = job.Transitions;
        var start = LastIndex(transitions, t => t.To == JobState.Running && t.Silo == silo);
        if (start < 0 || start + 1 >= transitions.Count)
        {
            return (ExecutionOutcome.Other, $"job {job.JobId}: no attempt on {silo} that ended ({Describe(transitions)})");
        }
        var end = transitions[start + 1];
        if (end.To == JobState.Completed && end.At <= exitedAt)
        {
            return (ExecutionOutcome.CompletedThere, $"job {job.JobId}: completed on {silo} at {end.At:HH:mm:ss.fff}");
        }
        var lastStart = LastIndex(transitions, t => t.To == JobState.Running);
        var handedOver = end.To == JobState.Retrying && end.Reason.StartsWith("handed over", StringComparison.Ordinal) && end.At <= exitedAt;
        if (handedOver && job.State == JobState.Completed && lastStart > start && transitions[lastStart].Silo is { } elsewhere && elsewhere != silo)
        {
            return (ExecutionOutcome.HandedOverAndCompletedElsewhere,
                $"job {job.JobId}: handed over at {end.At:HH:mm:ss.fff}, completed on {elsewhere} at {transitions[^1].At:HH:mm:ss.fff}");
        }
        return (ExecutionOutcome.Other, $"job {job.JobId}: {Describe(transitions)}");
    }

    private static int LastIndex(IReadOnlyList<JobTransition> transitions, Func<JobTransition, bool> match)
    {
        for (var i = transitions.Count - 1; i >= 0; i--)
        {
            if (match(transitions[i]))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Describe(IReadOnlyList<JobTransition> transitions) =>
        string.Join(" → ", transitions.Select(t => $"{t.To} at {t.At:HH:mm:ss.fff}{(t.Silo is null ? "" : $" on {t.Silo}")} ({t.Reason})"));
}
