namespace QBroker.Client.Api;

/// <summary>A job as the API shows it (<c>GET /api/v1/jobs/{id}</c>, and the 202 answer of a submission).</summary>
public sealed record JobView
{
    public required string Id { get; init; }
    public required string State { get; init; }
    public required string Kind { get; init; }
    public string? Name { get; init; }

    /// <summary>Researcher id of the owner.</summary>
    public required string Owner { get; init; }
    public required string Institution { get; init; }
    public required string Project { get; init; }

    /// <summary>The device named at submission, or the one the job was placed on.</summary>
    public string? Device { get; init; }
    public JobRequirements? Requirements { get; init; }
    public required int Shots { get; init; }
    public int Priority { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? ClientToken { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>
    /// 1-based position among the jobs waiting for the same device; 0 while the job is being handed to a free slot;
    /// null once the job has left the queue.
    /// </summary>
    public int? QueuePosition { get; init; }
    public DateTimeOffset? EstimatedStart { get; init; }
    public decimal EstimatedCost { get; init; }
    public decimal? ActualCost { get; init; }

    /// <summary>How many times execution started (more than one after a retry or a silo loss).</summary>
    public int Attempts { get; init; }

    /// <summary>Why the job failed or was cancelled.</summary>
    public string? Error { get; init; }

    /// <summary>Set on a submission that took its institution's or project's budget past the warning threshold (80 %).</summary>
    public string? BudgetWarning { get; init; }

    /// <summary>True when a submission matched an earlier one by client token and returned it.</summary>
    public bool? Duplicate { get; init; }

    public IReadOnlyList<JobTransitionView> Transitions { get; init; } = [];
}

/// <summary>
/// One recorded state change; <c>From</c> is null for the submission itself. <c>Silo</c>, on the start of an execution
/// attempt, is the silo ("ip:port@generation", as <c>GET /api/v1/cluster</c> names silos) whose device ran it.
/// </summary>
public sealed record JobTransitionView(string? From, string To, DateTimeOffset At, string Reason, string? Silo = null);
