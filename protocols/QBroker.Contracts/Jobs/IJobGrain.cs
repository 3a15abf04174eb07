namespace QBroker.Contracts.Jobs;

/// <summary>
/// One job, keyed by its id. The grain is the only writer of its record; every write is a durable, version-checked
/// transition, so a job ends in exactly one terminal state even if it was executed twice.
/// </summary>
[Alias("qbroker.IJobGrain")]
public interface IJobGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Records the job durably, then queues it. Submitting again with the same spec returns the existing record
    /// (<see cref="SubmitStatus.Duplicate"/>); with a different spec, <see cref="SubmitStatus.Conflict"/>.
    /// </summary>
    [Alias("Submit")]
    Task<SubmitOutcome> Submit(JobSpec spec);

    [Alias("Get")]
    Task<JobRecord?> Get();

    /// <summary>
    /// A device is about to execute the job: waiting → running, recording the <paramref name="silo"/> the device runs
    /// on. Returns the record; when its state is not <see cref="JobState.Running"/> on this device (cancelled meanwhile,
    /// or taken elsewhere) the device must not run it.
    /// </summary>
    [Alias("BeginAttempt")]
    Task<JobRecord?> BeginAttempt(string deviceId, string silo);

    /// <summary>running → completed with its result. False when the job was no longer running (e.g. cancelled).</summary>
    [Alias("Complete")]
    Task<bool> Complete(JobResult result);

    /// <summary>
    /// running → failed, or → retrying when the fault is transient and attempts remain. Returns the new state, or
    /// null when the job was no longer running.
    /// </summary>
    [Alias("Fail")]
    Task<JobState?> Fail(string reason, bool transient);

    /// <summary>
    /// running → retrying because the execution was lost (its silo died). Called by the scheduler during recovery;
    /// does not enqueue (the caller does). Returns the record when the job now waits, null otherwise.
    /// </summary>
    [Alias("RecoverLostExecution")]
    Task<JobRecord?> RecoverLostExecution(string reason);

    /// <summary>Cancels from any non-terminal state. Already terminal: returns the record unchanged with <c>Changed = false</c>.</summary>
    [Alias("Cancel")]
    Task<CancelOutcome> Cancel(string reason);
}

[GenerateSerializer, Alias("qbroker.SubmitStatus")]
public enum SubmitStatus
{
    Created = 0,
    Duplicate = 1,
    Conflict = 2,
    /// <summary>Refused: the estimated cost does not fit the institution's or project's remaining budget. Nothing was stored.</summary>
    BudgetExceeded = 3,
}

/// <summary>
/// What a submission did, where the job stands in the queue when it waits, and a message: the refusal for
/// <see cref="SubmitStatus.BudgetExceeded"/>, or a budget warning past the threshold.
/// </summary>
[GenerateSerializer, Immutable, Alias("qbroker.SubmitOutcome")]
public sealed record SubmitOutcome(
    [property: Id(0)] SubmitStatus Status,
    [property: Id(1)] JobRecord Record,
    [property: Id(2)] Scheduling.QueueTicket? Ticket = null,
    [property: Id(3)] string? Message = null);

[GenerateSerializer, Immutable, Alias("qbroker.CancelOutcome")]
public sealed record CancelOutcome([property: Id(0)] bool Changed, [property: Id(1)] JobRecord? Record);
