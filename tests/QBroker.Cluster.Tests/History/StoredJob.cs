using QBroker.Contracts.Jobs;

namespace QBroker.Cluster.Tests.History;

/// <summary>A job as the store holds it at the end of a run: its current state and every transition recorded.</summary>
public sealed record StoredJob(Guid JobId, JobState State, IReadOnlyList<JobTransition> Transitions);
