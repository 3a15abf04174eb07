using System.Diagnostics;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Devices;

namespace QBroker.Silo.Hosting;

/// <summary>
/// Runs once the silo is up: activates the scheduler, whose activation rebuilds the queue from the store and
/// requeues executions lost with a previous process. Until it has, the silo is not ready. Then, on every silo, it
/// keeps the scheduler alive: when the silo holding it dies, the next poke re-activates it elsewhere within a
/// second of membership declaring the death, and the scheduler's reconciliation re-activates the device grains.
/// On shutdown the silo turns unready at once, optionally stays up unready for a moment so load balancers stop
/// sending it traffic before it stops listening, and then has the devices active here hand their executions over.
/// That happens here, before Orleans' own shutdown (hosted services' StoppingAsync all run before any StopAsync),
/// because the silo is still an Active member now: it heartbeats, and evicting it takes the usual votes. Once Orleans
/// marks it ShuttingDown its heartbeats stop and it no longer counts as active, so a single silo that misses its
/// probes may declare it dead (Orleans asks min(NumVotesForDeathDeclaration, (active silos + 1) / 2) votes, one
/// of the two remaining silos in a cluster of three), and a silo found dead while leaving aborts (exit code 134).
/// A drain of several seconds inside Orleans' grain-deactivation stage held the silo in that window; now the window
/// lasts well under a second. See docs/operations.md ("Why the hand-over happens before Orleans' shutdown") and the
/// measurements in docs/benchmarks-cluster.md.
/// </summary>
public sealed partial class SchedulerStartup(
    IGrainFactory grains,
    Readiness readiness,
    ShutdownOptions shutdown,
    DeviceRegistry devices,
    ILogger<SchedulerStartup> logger) : IHostedLifecycleService, IDisposable
{
    /// <summary>How often every silo makes sure the scheduler is active.</summary>
    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(1);

    /// <summary>A scheduler re-activating after a silo loss may wait on unreachable devices for a few seconds.</summary>
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _keeper;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var report = await Scheduler.EnsureRecovered().WaitAsync(RecoveryTimeout, cancellationToken);
                LogReady(report.Requeued, report.LostExecutionsRecovered, report.StillRunning);
                break;
            }
            catch (Exception error) when (error is TimeoutException or OrleansException && !cancellationToken.IsCancellationRequested)
            {
                // Joining a cluster that is itself recovering from a silo loss: try again rather than fail the start.
                LogRecoveryRetry(error.GetType().Name);
                await Task.Delay(KeepAlivePeriod, cancellationToken);
            }
        }
        readiness.MarkReady();
    }

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _keeper = KeepSchedulerAliveAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        await _stopping.CancelAsync();
        var delay = shutdown.UnreadyDelay;
        if (delay > TimeSpan.Zero)
        {
            LogUnreadyDelay(delay.TotalSeconds);
            await Task.Delay(delay, cancellationToken);
        }
        await HandOverDevicesAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkStopping();
        await _stopping.CancelAsync();
        if (_keeper is not null)
        {
            await _keeper;
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _stopping.Dispose();

    private ISchedulerGrain Scheduler => grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey);

    /// <summary>Asks every device active on this silo to hand its executions over, and waits for all of them.</summary>
    private async Task HandOverDevicesAsync(CancellationToken cancellationToken)
    {
        var here = devices.ActiveHere;
        if (here.Count == 0)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var handedOver = await Task.WhenAll(here.Select(id => grains.GetGrain<IDeviceGrain>(id).HandOver())).WaitAsync(cancellationToken);
            LogHandedOver(string.Join(", ", here), handedOver.Sum(), Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (Exception error)
        {
            // The shutdown timeout ran out or a device did not answer; leaving goes on regardless. Orleans' deactivation
            // of the devices drains what still runs, and their next activations recover whatever it could not.
            LogHandOverFailed(error.GetType().Name);
        }
    }

    private async Task KeepSchedulerAliveAsync(CancellationToken stopping)
    {
        using var ticks = new PeriodicTimer(KeepAlivePeriod);
        try
        {
            while (await ticks.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await Scheduler.EnsureRecovered().WaitAsync(RecoveryTimeout, stopping);
                }
                catch (Exception error) when (error is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    // Expected while a silo is dying and not yet declared dead (timeouts, Orleans and serialization
                    // errors alike); the keeper must outlive any one failure, so the next tick tries again.
                    LogKeepAliveFailed(error.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler ready: {Requeued} waiting jobs queued, {Recovered} lost executions requeued, {StillRunning} still running")]
    private partial void LogReady(int requeued, int recovered, int stillRunning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler not recovered yet ({Error}); retrying")]
    private partial void LogRecoveryRetry(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler keep-alive failed ({Error}); retrying")]
    private partial void LogKeepAliveFailed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leaving the cluster: devices {Devices} drained before Orleans' shutdown, {HandedOver} executions handed back to the queue, in {Seconds:F2} s")]
    private partial void LogHandedOver(string devices, int handedOver, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving the cluster: the devices did not finish handing over ({Error}); Orleans' deactivation drains what still runs")]
    private partial void LogHandOverFailed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: unready for {Seconds} s before the server stops listening")]
    private partial void LogUnreadyDelay(double seconds);
}
