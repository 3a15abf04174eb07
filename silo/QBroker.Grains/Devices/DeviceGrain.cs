using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Telemetry;
using QBroker.Storage.GrainState;

namespace QBroker.Grains.Devices;

/// <summary>
/// Executes jobs on one device. Each slot runs a loop in the background of the activation: start the job (a
/// durable transition), run the backend off the grain's scheduler, hold the device for the scaled device time,
/// record the outcome, then ask the scheduler for the next job. The loop never blocks grain calls, so the
/// scheduler can assign and the job grain can abort at any time.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class DeviceGrain(
    [PersistentState(stateName: "device", storageName: SqlGrainStorage.StorageName)] IPersistentState<DeviceState> state,
    DeviceRegistry registry,
    TimeProvider time,
    IOptions<BrokerOptions> options,
    ILogger<DeviceGrain> logger) : Grain, IDeviceGrain
{
    private readonly Dictionary<Guid, CancellationTokenSource> _running = [];
    private readonly HashSet<Guid> _interruptedByOutage = [];

    private string Id => this.GetPrimaryKeyString();

    private RegisteredDevice Device => registry.Get(Id);

    private ISchedulerGrain Scheduler => GrainFactory.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey);

    public Task Assign(Guid jobId)
    {
        if (!_running.ContainsKey(jobId))
        {
            var cancellation = new CancellationTokenSource();
            _running.Add(jobId, cancellation);
            _ = RunSlotAsync(jobId, cancellation);
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
        if (status == DeviceStatus.Offline)
        {
            // Going offline interrupts what runs: those executions end as transient faults and go back to the queue.
            foreach (var (jobId, cancellation) in _running)
            {
                _interruptedByOutage.Add(jobId);
                await cancellation.CancelAsync();
            }
        }
        await Scheduler.DeviceChanged(Id, status);
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

    private DeviceSnapshot Snapshot() => new(Id, state.State.Status, Device.Slots, [.. _running.Keys], state.State.Reason, state.State.FaultRate);

    /// <summary>One slot: runs jobs until the scheduler has nothing more for it.</summary>
    private async Task RunSlotAsync(Guid jobId, CancellationTokenSource cancellation)
    {
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
                // The outcome could not be recorded (storage down, stale version). The job stays as the store has it;
                // the scheduler's recovery picks it up again. Keep the slot alive.
                LogOutcomeNotRecorded(error, id, Id);
            }
            finally
            {
                _running.Remove(id);
                _interruptedByOutage.Remove(id);
                cancellation.Dispose();
            }
            current = await NextJobAsync(id, release);
            if (current is { } next)
            {
                cancellation = new CancellationTokenSource();
                _running[next] = cancellation;
            }
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
        using var span = QBrokerTelemetry.StartExecution(jobId, Id);
        var job = GrainFactory.GetGrain<IJobGrain>(jobId);
        var record = await job.BeginAttempt(Id);
        if (record is not { State: JobState.Running } || record.PlacedDeviceId != Id)
        {
            return record is not null && record.State.IsTerminal() ? new SlotRelease(false, true, 0m, record.Attempts) : SlotRelease.NotRun;
        }
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Device {DeviceId} could not reach the scheduler for its next job")]
    private partial void LogSchedulerUnreachable(Exception error, string deviceId);
}
