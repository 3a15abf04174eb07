using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QBroker.Contracts.Accounting;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Telemetry;
using QBroker.Storage.Jobs;

namespace QBroker.Grains.Jobs;

/// <summary>
/// The single writer of one job's record. Each method is one transition: decide from the cached record, write the
/// next version durably (version-checked), then update the cache. A stale write means another activation moved
/// the job: the cache is reloaded and the error propagates, never swallowed.
/// </summary>
public sealed partial class JobGrain(
    IJobStore store,
    TimeProvider time,
    IOptions<BrokerOptions> options,
    ILogger<JobGrain> logger) : Grain, IJobGrain
{
    private JobRecord? _record;

    /// <summary>Whether <see cref="_record"/> reflects the store; false until the first call that needs it.</summary>
    private bool _loaded;

    private Guid Id => this.GetPrimaryKey();

    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey);

    public async Task<SubmitOutcome> Submit(JobSpec spec)
    {
        using var span = QBrokerTelemetry.StartSubmit(Id, spec);
        // A submission without a client token has a fresh random id: there is nothing to read, and skipping the read
        // saves a store round trip per job. With a token the id repeats on retries, so the record is looked up first
        // and a retry of a finished job is answered without touching the budget. Either way the insert itself
        // refuses an existing id, and the record is read then.
        if (!_loaded && spec.ClientToken is not null)
        {
            await EnsureLoadedAsync();
        }
        if (_record is null)
        {
            var now = Now();
            var created = new JobRecord { Id = Id, Spec = spec with { TraceParent = span?.Id }, State = JobState.Queued, CreatedAt = now, Version = 1 };
            var budget = Budget(spec);
            var decision = await budget.Reserve(Id, spec.ProjectId, spec.EstimatedCost);
            if (!decision.Accepted)
            {
                return new SubmitOutcome(SubmitStatus.BudgetExceeded, created, Message: decision.Refusal);
            }
            bool inserted;
            try
            {
                inserted = await store.InsertAsync(created, new JobTransition(null, JobState.Queued, now, "submitted"),
                    [Ledger(created, LedgerKind.Escrow, spec.EstimatedCost, now)]);
            }
            catch when (!decision.AlreadyReserved)
            {
                await budget.Forget(Id);
                throw;
            }
            if (inserted)
            {
                _record = created;
                _loaded = true;
                QBrokerTelemetry.JobSubmitted(created);
                var ticket = await Scheduler.Enqueue(QueueEntryFor(created, options.Value.DeviceTimeScale));
                LogSubmitted(Id, spec.OwnerId, spec.DeviceId);
                return new SubmitOutcome(SubmitStatus.Created, created, ticket, decision.Warning);
            }
            if (!decision.AlreadyReserved)
            {
                await budget.Forget(Id);
            }
            _record = await store.GetAsync(Id) ?? throw new InvalidOperationException($"Job {Id} exists but could not be read.");
            _loaded = true;
        }
        if (_record.Spec.ContentHash != spec.ContentHash)
        {
            return new SubmitOutcome(SubmitStatus.Conflict, _record);
        }
        if (_record.State.IsWaiting())
        {
            // A retried submission may follow one whose enqueue failed after the record was written; enqueue is
            // idempotent, so asking again heals that case.
            var ticket = await Scheduler.Enqueue(QueueEntryFor(_record, options.Value.DeviceTimeScale));
            return new SubmitOutcome(SubmitStatus.Duplicate, _record, ticket);
        }
        return new SubmitOutcome(SubmitStatus.Duplicate, _record);
    }

    public async Task<JobRecord?> Get()
    {
        await EnsureLoadedAsync();
        return _record;
    }

    public async Task<JobRecord?> BeginAttempt(string deviceId, string silo)
    {
        await EnsureLoadedAsync();
        if (_record is not { } current || !current.State.IsWaiting())
        {
            return _record;
        }
        var next = current with
        {
            State = JobState.Running,
            StartedAt = Now(),
            PlacedDeviceId = deviceId,
            Attempts = current.Attempts + 1,
            Version = current.Version + 1,
        };
        await WriteAsync(next, $"started on {deviceId} (attempt {next.Attempts})", silo: silo);
        return next;
    }

    public async Task<bool> Complete(JobResult result)
    {
        await EnsureLoadedAsync();
        if (_record is not { State: JobState.Running } current)
        {
            return false;
        }
        var next = current with
        {
            State = JobState.Completed,
            FinishedAt = result.CompletedAt,
            ActualCost = result.Cost,
            Error = null,
            Version = current.Version + 1,
        };
        await WriteAsync(next, $"completed on {result.DeviceId} ({result.Engine})", result);
        return true;
    }

    public async Task<JobState?> Fail(string reason, bool transient)
    {
        await EnsureLoadedAsync();
        if (_record is not { State: JobState.Running } current)
        {
            return null;
        }
        var retry = transient && current.Attempts < options.Value.MaxAttempts;
        var next = current with
        {
            State = retry ? JobState.Retrying : JobState.Failed,
            FinishedAt = retry ? null : Now(),
            Error = reason,
            Version = current.Version + 1,
        };
        await WriteAsync(next, retry ? $"transient fault, will retry: {reason}" : $"failed: {reason}");
        return next.State;
    }

    public async Task<JobRecord?> RecoverLostExecution(string reason)
    {
        await EnsureLoadedAsync();
        if (_record is not { State: JobState.Running } current)
        {
            return _record is { } waiting && waiting.State.IsWaiting() ? waiting : null;
        }
        var retry = current.Attempts < options.Value.MaxAttempts;
        var next = current with
        {
            State = retry ? JobState.Retrying : JobState.Failed,
            FinishedAt = retry ? null : Now(),
            Error = retry ? null : $"execution lost {current.Attempts} times; last: {reason}",
            Version = current.Version + 1,
        };
        await WriteAsync(next, reason);
        return retry ? next : null;
    }

    public async Task<CancelOutcome> Cancel(string reason)
    {
        await EnsureLoadedAsync();
        if (_record is not { } current || current.State.IsTerminal())
        {
            return new CancelOutcome(false, _record);
        }
        var next = current with
        {
            State = JobState.Cancelled,
            FinishedAt = Now(),
            Error = reason,
            Version = current.Version + 1,
        };
        await WriteAsync(next, reason);
        if (current.State.IsWaiting())
        {
            await Scheduler.Remove(Id);
        }
        else if (current.PlacedDeviceId is { } deviceId)
        {
            await GrainFactory.GetGrain<IDeviceGrain>(deviceId).Abort(Id);
        }
        return new CancelOutcome(true, next);
    }

    private async ValueTask EnsureLoadedAsync()
    {
        if (!_loaded)
        {
            _record = await store.GetAsync(Id);
            _loaded = true;
        }
    }

    /// <summary>
    /// The queue entry for a job: its devices, owner, priority, age, how long and how much it will cost, and for a job
    /// placed by soonest completion its duration on each device.
    /// </summary>
    internal static QueueEntry QueueEntryFor(JobRecord record, double deviceTimeScale)
    {
        var spec = record.Spec;
        IReadOnlyList<string> devices = spec.EligibleDevices.Count > 0 ? spec.EligibleDevices : [spec.DeviceId ?? string.Empty];
        IReadOnlyList<TimeSpan>? durations = spec.EligibleDeviceTimes.Count == devices.Count && devices.Count > 1
            ? [.. spec.EligibleDeviceTimes.Select(deviceTime => deviceTime * deviceTimeScale)]
            : null;
        return new QueueEntry(record.Id, devices, spec.InstitutionId, spec.ProjectId, spec.OwnerId, spec.Priority, record.CreatedAt,
            spec.EstimatedDeviceTime * deviceTimeScale, spec.EstimatedCost, durations);
    }

    /// <summary>
    /// Writes one transition. A terminal one settles the job's escrow in the same transaction: released in full, and
    /// for a completion the actual cost charged. The budget grain hears of it afterwards; if that call is lost, the
    /// ledger still holds the truth and the grain's next activation reads it. The settlement span covers both.
    /// </summary>
    private async Task WriteAsync(JobRecord next, string reason, JobResult? result = null, string? silo = null)
    {
        var current = _record!;
        using var settling = next.State.IsTerminal() ? QBrokerTelemetry.StartSettlement(current, next) : null;
        var at = Now();
        IReadOnlyList<LedgerEntry>? settlement = null;
        var charged = 0m;
        if (next.State.IsTerminal())
        {
            charged = next.State == JobState.Completed ? next.ActualCost ?? 0m : 0m;
            settlement = next.State == JobState.Completed
                ? [Ledger(next, LedgerKind.Release, current.Spec.EstimatedCost, at), Ledger(next, LedgerKind.Charge, charged, at)]
                : [Ledger(next, LedgerKind.Release, current.Spec.EstimatedCost, at)];
        }
        try
        {
            await store.UpdateAsync(next, current.Version, new JobTransition(current.State, next.State, at, reason, silo), result, settlement);
        }
        catch (StaleJobVersionException stale)
        {
            QBrokerTelemetry.MarkFailed(settling, stale);
            _record = await store.GetAsync(Id);
            _loaded = true;
            throw new JobVersionConflictException(stale.Message);
        }
        catch (Exception error) when (settling is not null)
        {
            // The outcome was not recorded: the span must not read as a settlement.
            QBrokerTelemetry.MarkFailed(settling, error);
            throw;
        }
        _record = next;
        QBrokerTelemetry.JobTransitioned(current, next, at);
        if (settlement is not null)
        {
            try
            {
                await Budget(next.Spec).Settled(Id, charged);
            }
            catch (Exception error)
            {
                LogBudgetNotified(error, Id);
            }
        }
    }

    private IBudgetGrain Budget(JobSpec spec) => GrainFactory.GetGrain<IBudgetGrain>(spec.InstitutionId);

    private static LedgerEntry Ledger(JobRecord job, LedgerKind kind, decimal amount, DateTimeOffset at) =>
        new(job.Id, kind, job.Spec.InstitutionId, job.Spec.ProjectId, job.Spec.OwnerId, job.PlacedDeviceId ?? job.Spec.DeviceId ?? string.Empty, amount, at);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The budget grain did not hear of job {JobId}'s settlement; it will read it from the ledger")]
    private partial void LogBudgetNotified(Exception error, Guid jobId);

    /// <summary>The store keeps milliseconds; rounding here makes the acknowledged record equal the stored one.</summary>
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    // Debug, not Information: at thousands of submissions a second a line per job costs more CPU than the broker's own
    // work for the job, and the job table, its transitions and the submit span already record every submission.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobId} submitted by {Owner} for {Device}")]
    private partial void LogSubmitted(Guid jobId, string owner, string? device);
}
