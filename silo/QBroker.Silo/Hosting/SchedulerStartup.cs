using QBroker.Contracts.Scheduling;

namespace QBroker.Silo.Hosting;

/// <summary>
/// Runs once the silo is up: activates the scheduler, whose activation rebuilds the queue from the store and
/// requeues executions lost with a previous process. Until it has, the silo is not ready.
/// </summary>
public sealed partial class SchedulerStartup(IGrainFactory grains, Readiness readiness, ILogger<SchedulerStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var report = await grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey).EnsureRecovered();
        LogReady(report.Requeued, report.LostExecutionsRecovered, report.StillRunning);
        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        readiness.MarkNotReady();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler ready: {Requeued} waiting jobs queued, {Recovered} lost executions requeued, {StillRunning} still running")]
    private partial void LogReady(int requeued, int recovered, int stillRunning);
}
