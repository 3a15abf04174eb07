using QBroker.Contracts.Jobs;

namespace QBroker.Storage.Jobs;

/// <summary>Durable jobs: records, their transition history and results.</summary>
public interface IJobStore
{
    /// <summary>Inserts a new job with its first transition. False when a job with this id already exists.</summary>
    Task<bool> InsertAsync(JobRecord job, JobTransition first);

    /// <summary>
    /// Writes <paramref name="next"/> (whose version must be one above <paramref name="expectedVersion"/>) with its
    /// transition and, for a completion, the result, atomically. Throws <see cref="StaleJobVersionException"/> when
    /// the stored version is not <paramref name="expectedVersion"/>.
    /// </summary>
    Task UpdateAsync(JobRecord next, long expectedVersion, JobTransition transition, JobResult? result = null);

    Task<JobRecord?> GetAsync(Guid id);

    Task<IReadOnlyList<JobTransition>> GetTransitionsAsync(Guid id);

    Task<JobResult?> GetResultAsync(Guid id);

    Task<JobPageResult> QueryAsync(JobFilter filter);

    /// <summary>Every job not in a terminal state, oldest first: what the scheduler rebuilds its index from.</summary>
    Task<IReadOnlyList<JobRecord>> LoadActiveAsync();
}
