namespace QBroker.Contracts.Jobs;

/// <summary>
/// A job's record changed under its grain (a duplicate activation after a silo failure wrote first). Thrown by the
/// job grain to its callers, possibly on another silo, so it carries an Orleans codec: the store's own exception
/// type has none and would fail the response's serialization instead of reaching the caller.
/// </summary>
[GenerateSerializer, Alias("qbroker.JobVersionConflict")]
public sealed class JobVersionConflictException : Exception
{
    public JobVersionConflictException()
    {
    }

    public JobVersionConflictException(string message) : base(message)
    {
    }

    public JobVersionConflictException(string message, Exception inner) : base(message, inner)
    {
    }
}
