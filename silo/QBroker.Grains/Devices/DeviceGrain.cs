using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Telemetry;
using QBroker.Storage.GrainState;
using QBroker.Storage.Jobs;

namespace QBroker.Grains.Devices;

/// <summary>
/// Executes jobs on one device. Each slot runs a loop in the background of the activation: start the job (a
/// durable transition), run the backend off the grain's scheduler, hold the device for the scaled device time,
/// record the outcome, then ask the scheduler for the next job. The loop never blocks grain calls, so the
/// scheduler can assign and the job grain can abort at any time.
/// A new activation (first start, or after the device's silo died) requeues the executions the store says were
/// running here, then tells the scheduler its status. A silo that leaves the cluster asks its devices to hand over
/// (<see cref="HandOver"/>) while it is still an active member, before Orleans' own shutdown starts: each stops taking
/// work, lets running executions finish for a short grace, and hands the rest back to the queue. A deactivation does
/// the same for whatever still runs then.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class DeviceGrain(
    [PersistentState(stateName: "device", storageName: SqlGrainStorage.StorageName)] IPersistentState<DeviceState> state,
    IJobStore store,
    DeviceRegistry registry,
    TimeProvider time,
    IOptions<BrokerOptions> options,
    ILocalSiloDetails silo,
    ILogger<DeviceGrain> logger) : Grain, IDeviceGrain
{
    /// <summary>How long a shutting-down device lets running executions finish before handing them back.</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A shutting-down silo may no longer deliver calls (its scheduler may be deactivating too): a call made while
    /// draining waits at most this long instead of the 30 s response timeout, so shutdown stays short.
    /// </summary>
    private static readonly TimeSpan ShutdownCallTimeout = TimeSpan.FromSeconds(1);

    /// <summary>How long recording the hand-overs may take; what is still unrecorded then the next activation recovers.</summary>
    private static readonly TimeSpan HandOverGrace = TimeSpan.FromSeconds(5);

    private readonly Dictionary<Guid, CancellationTokenSource> _running = [];
    private readonly HashSet<Guid> _interruptedByOutage = [];
    private readonly HashSet<Guid> _handedOver = [];
    private readonly HashSet<Task> _slots = [];
    private bool _draining;

    private string Id => this.GetPrimaryKeyString();

    /// <summary>This activation's silo, as the job's start transition records it (and GET /api/v1/cluster names silos).</summary>
    private string Silo => _silo ??= silo.SiloAddress.ToParsableString();

    /// <summary>Formatted once: an activation never moves, and every execution start records it.</summary>
    private string? _silo;

    private RegisteredDevice Device => registry.Get(Id);

    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        registry.Activated(Id);
        // Recovery calls the scheduler, which may itself be activating and waiting for this grain's snapshot. Running
        // it from a timer, after activation, keeps that wait from becoming a cycle.
        this.RegisterGrainTimer(RecoverAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        registry.Deactivated(Id);
        if (_slots.Count > 0)
        {
            LogDrained(Id, reason.ReasonCode.ToString(), await DrainAsync(cancellationToken));
        }
    }

    public async Task<int> HandOver()
    {
        var handedOver = await DrainAsync(CancellationToken.None);
        LogDrained(Id, "its silo is leaving the cluster", handedOver);
        return handedOver;
    }

    /// <summary>
    /// Stops taking work, lets running executions finish for <see cref="DrainGrace"/>, then cancels the rest, which
    /// their slots hand back to the queue. Returns how many were handed back.
    /// </summary>
    private async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        try
        {
            // Maintenance in the scheduler's view only (not persisted): no further job is handed to this activation.
            // The next activation reports the persisted status again.
            await Scheduler.DeviceChanged(Id, DeviceStatus.Maintenance).WaitAsync(ShutdownCallTimeout, time, CancellationToken.None);
        }
        catch (Exception error)
        {
            LogSchedulerUnreachable(error, Id);
        }
        await Task.WhenAny(Task.WhenAll(_slots), Task.Delay(DrainGrace, time, cancellationToken));
        foreach (var (jobId, cancellation) in _running)
        {
            _handedOver.Add(jobId);
            await cancellation.CancelAsync();
        }
        await Task.WhenAny(Task.WhenAll(_slots), Task.Delay(HandOverGrace, time, CancellationToken.None));
        return _handedOver.Count;
    }

    public Task Assign(Guid jobId)
    {
        if (!_draining && !_running.ContainsKey(jobId))
        {
            StartSlot(jobId);
        }
        return Task.CompletedTask;
    }

    public Task Abort(Guid jobId)
    {
        if (_running.TryGetValue(jobId, out var cancellation))
        {
            cancellation.Cancel();
        }
        return Task.CompletedTask;
    }

    public Task<DeviceSnapshot> GetSnapshot() => Task.FromResult(Snapshot());

    public async Task<DeviceSnapshot> SetStatus(DeviceStatus status, string reason)
    {
        state.State.Status = status;
        state.State.Reason = reason;
        state.State.ChangedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        // The scheduler hears first: the slots an outage frees below then ask it for work it no longer hands to this
        // device. Told afterwards, it could give a freed slot its next job before learning the device went offline.
        await Scheduler.DeviceChanged(Id, status);
        if (status == DeviceStatus.Offline)
        {
            // Going offline interrupts what runs: those executions end as transient faults and go back to the queue.
            // Over a copy, because an interrupted slot may leave _running (and dispose its source) while this awaits.
            foreach (var jobId in _running.Keys.ToList())
            {
                if (_running.TryGetValue(jobId, out var cancellation))
                {
                    _interruptedByOutage.Add(jobId);
                    await cancellation.CancelAsync();
                }
            }
        }
        return Snapshot();
    }

    public async Task<DeviceSnapshot> SetFaultRate(double faultRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(faultRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(faultRate, 1.0);
        state.State.FaultRate = faultRate;
        await state.WriteStateAsync();
        return Snapshot();
    }

    private void StartSlot(Guid jobId)
    {
        var cancellation = new CancellationTokenSource();
        _running.Add(jobId, cancellation);
        var slot = RunSlotAsync(jobId, cancellation);
        _slots.Add(slot);
        _ = slot.ContinueWith(done => _slots.Remove(done), TaskScheduler.Current);
    }

    /// <summary>
    /// Requeues what the store says was running here but this activation does not run (its predecessor died with
    /// it), then tells the scheduler this device's status, which frees it to hand out work again.
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var orphan in await store.LoadActiveAsync())
            {
                if (orphan.State != JobState.Running || orphan.PlacedDeviceId != Id || _running.ContainsKey(orphan.Id))
                {
                    continue;
                }
                var job = GrainFactory.GetGrain<IJobGrain>(orphan.Id);
                // The store was read a moment ago; the job grain has the latest word on where the job runs.
                if (await job.Get() is not { State: JobState.Running } current || current.PlacedDeviceId != Id)
                {
                    continue;
                }
                var back = await job.RecoverLostExecution($"execution on {Id} was lost (its silo stopped); requeued");
                var release = back is null ? new SlotRelease(false, true, 0m, current.Attempts) : new SlotRelease(true, false, 0m, current.Attempts);
                if (await NextJobAsync(orphan.Id, release) is { } next && !_running.ContainsKey(next))
                {
                    StartSlot(next);
                }
            }
            await Scheduler.DeviceChanged(Id, state.State.Status);
        }
        catch (Exception error)
        {
            // The scheduler's reconciliation settles whatever this could not: it sees the executions missing here.
            LogRecoveryFailed(error, Id);
        }
    }

    private DeviceSnapshot Snapshot() => new(Id, state.State.Status, Device.Slots, [.. _running.Keys], state.State.Reason, state.State.FaultRate);

    /// <summary>One slot: runs jobs until the scheduler has nothing more for it.</summary>
    private async Task RunSlotAsync(Guid jobId, CancellationTokenSource cancellation)
    {
        QBrokerTelemetry.DetachFromCaller();
        Guid? current = jobId;
        while (current is { } id)
        {
            var release = SlotRelease.NotRun;
            try
            {
                release = await ExecuteAsync(id, cancellation.Token);
            }
            catch (Exception error)
            {
                // The outcome could not be recorded (storage down, stale version, the job grain's silo died). Keep the
                // slot alive and tell the scheduler what the job's own record says, so it is never dropped from the queue.
                LogOutcomeNotRecorded(error, id, Id);
                release = await ReleaseUnrecordedAsync(id);
            }
            finally
            {
                _running.Remove(id);
                _interruptedByOutage.Remove(id);
                cancellation.Dispose();
            }
            current = await NextJobAsync(id, release);
            if (_draining)
            {
                // A job handed to a draining slot never started here; the scheduler's reconciliation puts it back.
                current = null;
            }
            if (current is { } next)
            {
                cancellation = new CancellationTokenSource();
                _running[next] = cancellation;
            }
        }
    }

    /// <summary>
    /// How a job whose outcome could not be recorded leaves the slot, from its record: a lost execution here is
    /// requeued, a waiting job goes back in line, an ended one is released. When even the record cannot be read the
    /// job is requeued: the job grain refuses to start it again if it has in fact ended or runs elsewhere.
    /// </summary>
    private async Task<SlotRelease> ReleaseUnrecordedAsync(Guid jobId)
    {
        try
        {
            var job = GrainFactory.GetGrain<IJobGrain>(jobId);
            var current = await job.Get();
            if (current is { State: JobState.Running } && current.PlacedDeviceId == Id)
            {
                current = await job.RecoverLostExecution($"execution on {Id} was lost (its outcome could not be recorded); requeued") ?? await job.Get();
            }
            return current switch
            {
                null => SlotRelease.NotRun,
                _ when current.State.IsWaiting() => new SlotRelease(true, false, 0m, current.Attempts),
                _ when current.State.IsTerminal() => new SlotRelease(false, true, current.State == JobState.Completed ? current.ActualCost ?? 0m : 0m, current.Attempts),
                _ => SlotRelease.NotRun,
            };
        }
        catch (Exception error)
        {
            LogOutcomeNotRecorded(error, jobId, Id);
            return new SlotRelease(true, false, 0m, 0);
        }
    }

    private async Task<Guid?> NextJobAsync(Guid finished, SlotRelease release)
    {
        try
        {
            return await Scheduler.SlotFreed(Id, finished, release);
        }
        catch (Exception error)
        {
            LogSchedulerUnreachable(error, Id);
            return null;
        }
    }

    /// <summary>Runs one job to its outcome and says how it leaves the slot.</summary>
    private async Task<SlotRelease> ExecuteAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = GrainFactory.GetGrain<IJobGrain>(jobId);
        var record = await job.BeginAttempt(Id, Silo);
        if (record is not { State: JobState.Running } || record.PlacedDeviceId != Id)
        {
            return record is not null && record.State.IsTerminal() ? new SlotRelease(false, true, 0m, record.Attempts) : SlotRelease.NotRun;
        }
        using var span = QBrokerTelemetry.StartExecution(record, Id);
        var started = Stopwatch.GetTimestamp();
        var shots = record.Spec.Shots;
        try
        {
            var workload = WorkloadCompiler.Compile(record.Spec.Kind, record.Spec.Payload);
            var seed = ExecutionSeed.For(jobId, record.Attempts);
            if (state.State.FaultRate > 0 && InjectedFault(seed))
            {
                throw new TransientDeviceException($"injected transient fault on {Id} (fault rate {state.State.FaultRate:P0})");
            }
            var backend = Device.Backend;
            var outcome = await Task.Run(() => backend.ExecuteAsync(workload, shots, seed, cancellationToken), cancellationToken);
            var busy = (outcome.DeviceTime * options.Value.DeviceTimeScale) - Stopwatch.GetElapsedTime(started);
            if (busy > TimeSpan.Zero)
            {
                await Task.Delay(busy, time, cancellationToken);
            }
            var cost = Device.Model.Price.EstimateCost(outcome.DeviceTime, shots);
            var completed = await job.Complete(new JobResult
            {
                JobId = jobId,
                DeviceId = Id,
                Counts = outcome.Counts,
                Engine = outcome.Engine,
                DeviceTime = outcome.DeviceTime,
                CompletedAt = time.GetUtcNow(),
                Cost = cost,
            });
            return new SlotRelease(false, true, completed ? cost : 0m, record.Attempts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && _handedOver.Contains(jobId))
        {
            var back = await job.RecoverLostExecution($"handed over: {Id}'s silo {Silo} is shutting down; requeued");
            return back is null ? new SlotRelease(false, true, 0m, record.Attempts) : new SlotRelease(true, false, 0m, record.Attempts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && _interruptedByOutage.Contains(jobId))
        {
            return await FailAsync(job, record, $"{Id} went offline during the execution", transient: true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Aborted because the job was cancelled; the job grain has already recorded that.
            return new SlotRelease(false, true, 0m, record.Attempts);
        }
        catch (TransientDeviceException fault)
        {
            return await FailAsync(job, record, fault.Message, transient: true);
        }
        catch (Exception error)
        {
            LogJobFailed(error, jobId, Id);
            return await FailAsync(job, record, $"{error.GetType().Name}: {error.Message}", transient: false);
        }
    }

    private static async Task<SlotRelease> FailAsync(IJobGrain job, JobRecord record, string reason, bool transient)
    {
        var state = await job.Fail(reason, transient);
        return state == JobState.Retrying
            ? new SlotRelease(true, false, 0m, record.Attempts)
            : new SlotRelease(false, true, 0m, record.Attempts);
    }

    /// <summary>Draws the injected fault from the execution's own seed, so a drill is reproducible.</summary>
    private bool InjectedFault(ulong seed) => (seed >> 11) * (1.0 / (1UL << 53)) < state.State.FaultRate;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed on {DeviceId}")]
    private partial void LogJobFailed(Exception error, Guid jobId, string deviceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outcome of job {JobId} on {DeviceId} could not be recorded")]
    private partial void LogOutcomeNotRecorded(Exception error, Guid jobId, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {DeviceId} could not recover the executions of its previous activation")]
    private partial void LogRecoveryFailed(Exception error, string deviceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId} drained ({Reason}); {HandedOver} executions handed back to the queue")]
    private partial void LogDrained(string deviceId, string reason, int handedOver);

    [LoggerMessage(Level = LogLevel.Error, Message = "Device {DeviceId} could not reach the scheduler for its next job")]
    private partial void LogSchedulerUnreachable(Exception error, string deviceId);
}
