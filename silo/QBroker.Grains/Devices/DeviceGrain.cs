using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;
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
        await Scheduler.DeviceChanged(Id, status);
        return Snapshot();
    }

    private DeviceSnapshot Snapshot() => new(Id, state.State.Status, Device.Slots, [.. _running.Keys], state.State.Reason);

    /// <summary>One slot: runs jobs until the scheduler has nothing more for it.</summary>
    private async Task RunSlotAsync(Guid jobId, CancellationTokenSource cancellation)
    {
        Guid? current = jobId;
        while (current is { } id)
        {
            var requeue = false;
            try
            {
                requeue = await ExecuteAsync(id, cancellation.Token);
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
                cancellation.Dispose();
            }
            current = await NextJobAsync(id, requeue);
            if (current is { } next)
            {
                cancellation = new CancellationTokenSource();
                _running[next] = cancellation;
            }
        }
    }

    private async Task<Guid?> NextJobAsync(Guid finished, bool requeue)
    {
        try
        {
            return await Scheduler.SlotFreed(Id, finished, requeue);
        }
        catch (Exception error)
        {
            LogSchedulerUnreachable(error, Id);
            return null;
        }
    }

    /// <summary>Runs one job to its outcome. Returns true when the job should go back to the queue.</summary>
    private async Task<bool> ExecuteAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = GrainFactory.GetGrain<IJobGrain>(jobId);
        var record = await job.BeginAttempt(Id);
        if (record is null)
        {
            return false;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var workload = WorkloadCompiler.Compile(record.Spec.Kind, record.Spec.Payload);
            var seed = ExecutionSeed.For(jobId, record.Attempts);
            var backend = Device.Backend;
            var shots = record.Spec.Shots;
            var outcome = await Task.Run(() => backend.ExecuteAsync(workload, shots, seed, cancellationToken), cancellationToken);
            var busy = (outcome.DeviceTime * options.Value.DeviceTimeScale) - Stopwatch.GetElapsedTime(started);
            if (busy > TimeSpan.Zero)
            {
                await Task.Delay(busy, time, cancellationToken);
            }
            await job.Complete(new JobResult
            {
                JobId = jobId,
                DeviceId = Id,
                Counts = outcome.Counts,
                Engine = outcome.Engine,
                DeviceTime = outcome.DeviceTime,
                CompletedAt = time.GetUtcNow(),
                Cost = Device.Model.Price.EstimateCost(outcome.DeviceTime, shots),
            });
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Aborted because the job was cancelled; the job grain has already recorded that.
            return false;
        }
        catch (TransientDeviceException fault)
        {
            return await job.Fail(fault.Message, transient: true) == JobState.Retrying;
        }
        catch (Exception error)
        {
            LogJobFailed(error, jobId, Id);
            await job.Fail($"{error.GetType().Name}: {error.Message}", transient: false);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} failed on {DeviceId}")]
    private partial void LogJobFailed(Exception error, Guid jobId, string deviceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outcome of job {JobId} on {DeviceId} could not be recorded")]
    private partial void LogOutcomeNotRecorded(Exception error, Guid jobId, string deviceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Device {DeviceId} could not reach the scheduler for its next job")]
    private partial void LogSchedulerUnreachable(Exception error, string deviceId);
}
