using Microsoft.Extensions.Options;
using QBroker.Contracts.Accounting;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Scheduling;
using QBroker.Contracts.Qkd;
using QBroker.Grains.Devices;
using QBroker.Grains.Qkd;
using QBroker.Grains.Telemetry;
using QBroker.Silo.Accounts;
using QBroker.Silo.Hosting;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// Copies the devices' busy slots and status, the scheduler's fair-share tree, the institutions' credits and the QKD
/// links' state into <see cref="QBrokerTelemetry.Stats"/> on a timer (queue depths and ages come from the scheduler's
/// own snapshot, <see cref="QueueSnapshotBoard"/>). Observable gauges are read on the exporter's thread (a Prometheus
/// scrape, an OTLP export), which must not wait on grain calls; they read this copy instead.
/// </summary>
public sealed partial class BrokerStatsRefresher(
    IGrainFactory grains,
    DeviceRegistry devices,
    AccountDirectory accounts,
    QkdNetwork network,
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

    /// <summary>One copy of the broker's state: two scheduler calls, one call per device, per institution and per link.</summary>
    public async Task<BrokerStats> CollectAsync()
    {
        var scheduler = grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey);
        var queues = scheduler.GetDeviceQueues();
        var fairShare = scheduler.GetFairShare();
        var snapshots = Task.WhenAll(devices.All.Select(d => grains.GetGrain<IDeviceGrain>(d.Model.Id).GetSnapshot()));
        var budgets = Task.WhenAll(accounts.Snapshot.Institutions.Select(i => grains.GetGrain<IBudgetGrain>(i.Id).GetStatus()));
        var links = Task.WhenAll(network.Links.Select(l => grains.GetGrain<ILinkGrain>(l.Id).GetSnapshot()));
        return BrokerStatsAssembler.Assemble(await queues, await snapshots, await budgets, await fairShare, await links);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry could not refresh the queue, device, budget, fair-share and QKD gauges")]
    private partial void LogRefreshFailed(Exception error);
}
