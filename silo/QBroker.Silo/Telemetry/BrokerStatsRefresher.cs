using Microsoft.Extensions.Options;
using QBroker.Contracts.Accounting;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Devices;
using QBroker.Grains.Telemetry;
using QBroker.Silo.Accounts;
using QBroker.Silo.Hosting;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// Copies the scheduler's queues, the devices' status and the institutions' credits into
/// <see cref="QBrokerTelemetry.Stats"/> on a timer. Observable gauges are read on the exporter's thread (a Prometheus
/// scrape, an OTLP export), which must not wait on grain calls; they read this copy instead.
/// </summary>
public sealed partial class BrokerStatsRefresher(
    IGrainFactory grains,
    DeviceRegistry devices,
    AccountDirectory accounts,
    Readiness readiness,
    IOptions<TelemetryOptions> options,
    ILogger<BrokerStatsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatsRefreshInterval);
        do
        {
            if (!readiness.IsReady)
            {
                continue;
            }
            try
            {
                QBrokerTelemetry.Stats = await CollectAsync();
            }
            catch (Exception error) when (!stoppingToken.IsCancellationRequested)
            {
                // The gauges keep their last copy; the next tick tries again.
                LogRefreshFailed(error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One copy of the broker's state: one scheduler call, one call per device and per institution.</summary>
    public async Task<BrokerStats> CollectAsync()
    {
        var queues = grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey).GetDeviceQueues();
        var snapshots = Task.WhenAll(devices.All.Select(d => grains.GetGrain<IDeviceGrain>(d.Model.Id).GetSnapshot()));
        var budgets = Task.WhenAll(accounts.Snapshot.Institutions.Select(i => grains.GetGrain<IBudgetGrain>(i.Id).GetStatus()));
        return BrokerStatsAssembler.Assemble(await queues, await snapshots, await budgets);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry could not refresh the queue, device and budget gauges")]
    private partial void LogRefreshFailed(Exception error);
}
