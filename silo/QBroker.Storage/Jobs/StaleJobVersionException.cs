namespace QBroker.Storage.Jobs;

/// <summary>
/// A write named a version of the job that is no longer current: another writer (a duplicate activation after a
/// silo failure) got there first. Never swallowed: the writer must re-read and decide again.
/// </summary>
public sealed class StaleJobVersionException(Guid jobId, long expectedVersion)
    : Exception($"Job {jobId} is no longer at version {expectedVersion}; another writer changed it.")
{
    public Guid JobId { get; } = jobId;

    public long ExpectedVersion { get; } = expectedVersion;
}
