using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;
using QBroker.Storage.Cluster;
using QBroker.Storage.Tests.Infrastructure;

namespace QBroker.Storage.Tests.Cluster;

/// <summary>
/// Orleans' own reminder service over our table: a reminder registered by a silo that then stops still fires on
/// the next silo started on the same store, which never registered it.
/// </summary>
public sealed class ReminderRestartTests
{
    [Fact]
    public async Task A_reminder_registered_before_a_restart_fires_on_the_silo_started_after_it()
    {
        await using var db = await TestDatabase.CreateAsync(TestDatabase.Postgres);
        var key = Guid.NewGuid().ToString("N");
        var tick = ReminderProbeGrain.Ticks.GetOrAdd(key, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        // Due long enough after registration that the first silo is surely stopped by then (a stop takes a few
        // seconds on a loaded machine), short enough to keep the test brief. Orleans' minimum period is one minute.
        var dueTime = TimeSpan.FromSeconds(15);

        using (var first = await StartSiloAsync(db))
        {
            await first.Services.GetRequiredService<IGrainFactory>().GetGrain<IReminderProbeGrain>(key).ArmAsync(dueTime, TimeSpan.FromMinutes(1));
            await first.StopAsync();
        }
        Assert.False(tick.Task.IsCompleted, "the reminder fired before the restart; the test proves nothing");

        using var second = await StartSiloAsync(db);
        Assert.Equal("probe", await tick.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        await second.StopAsync();
    }

    private static async Task<IHost> StartSiloAsync(TestDatabase db)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddQBrokerStorage(store =>
        {
            store.Provider = db.Options.Provider;
            store.ConnectionString = db.Options.ConnectionString;
            store.DataDirectory = db.Options.DataDirectory;
        });
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort(), serviceId: "reminder-restart-test", clusterId: "reminder-restart-test")
            .UseQBrokerSqlReminders());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
