using QBroker.Contracts.Jobs;

namespace QBroker.Cluster.Tests.History;

/// <summary>
/// A job as the store holds it at the end of a run: its current state, every transition recorded, the cost estimated
/// at submission (what its escrow must hold), the actual cost recorded with its completion (what its charge must be),
/// and whether a result was stored.
/// </summary>
public sealed record StoredJob(Guid JobId, JobState State, IReadOnlyList<JobTransition> Transitions, decimal EstimatedCost, decimal? ActualCost, bool HasResult);
