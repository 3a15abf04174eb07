using QBroker.Contracts.Accounting;
using QBroker.Contracts.Jobs;

namespace QBroker.Storage.Jobs;

/// <summary>Durable jobs: records, their transition history and results.</summary>
public interface IJobStore
{
    /// <summary>
    /// Inserts a new job with its first transition and ledger entries (its escrow), atomically. False, and nothing
    /// written, when a job with this id already exists.
    /// </summary>
    Task<bool> InsertAsync(JobRecord job, JobTransition first, IReadOnlyList<LedgerEntry>? ledger = null);

    /// <summary>
    /// Writes <paramref name="next"/> (whose version must be one above <paramref name="expectedVersion"/>) with its
    /// transition and, for a completion, the result, atomically. Throws <see cref="StaleJobVersionException"/> when
    /// the stored version is not <paramref name="expectedVersion"/>. Ledger entries (a settlement) commit with it.
    /// </summary>
    Task UpdateAsync(JobRecord next, long expectedVersion, JobTransition transition, JobResult? result = null, IReadOnlyList<LedgerEntry>? ledger = null);

    Task<JobRecord?> GetAsync(Guid id);

    Task<IReadOnlyList<JobTransition>> GetTransitionsAsync(Guid id);

    Task<JobResult?> GetResultAsync(Guid id);

    Task<JobPageResult> QueryAsync(JobFilter filter);

    /// <summary>Every job not in a terminal state, oldest first: what the scheduler rebuilds its index from.</summary>
    Task<IReadOnlyList<JobRecord>> LoadActiveAsync();
}
