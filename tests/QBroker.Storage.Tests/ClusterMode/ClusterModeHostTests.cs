using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using QBroker.Silo;
using QBroker.Storage.Cluster;

namespace QBroker.Storage.Tests.ClusterMode;

/// <summary>How the host wires Orleans in each mode, checked on the built (not started) application.</summary>
public sealed class ClusterModeHostTests
{
    [Fact]
    public async Task Cluster_mode_uses_our_membership_and_reminder_tables_on_postgres_with_ids_and_tuning_from_configuration()
    {
        await using var app = QBrokerHost.Build(
        [
            "--QBroker:Cluster:Mode=cluster",
            "--QBroker:Store:ConnectionString=Host=127.0.0.1;Port=1;Database=unused",
            "--ORLEANS_CLUSTER_ID=green",
            "--ORLEANS_SERVICE_ID=qbroker-test",
            "--QBroker:Cluster:Membership:ProbeTimeout=00:00:02",
            "--QBroker:Cluster:Membership:NumMissedProbesLimit=2",
            "--QBROKER_DATA_DIR=" + Path.Combine(Path.GetTempPath(), "qbroker-host-" + Guid.NewGuid().ToString("N")),
        ]);
        var services = app.Services;

        Assert.IsType<SqlMembershipTable>(services.GetRequiredService<IMembershipTable>());
        Assert.IsType<SqlReminderTable>(services.GetRequiredService<IReminderTable>());
        Assert.Equal("postgres", services.GetRequiredService<IOptions<StoreOptions>>().Value.Provider);
        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(("green", "qbroker-test"), (cluster.ClusterId, cluster.ServiceId));
        var membership = services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(2), membership.ProbeTimeout);
        Assert.Equal(2, membership.NumMissedProbesLimit);
    }

    [Fact]
    public async Task Single_mode_keeps_localhost_membership_and_sqlite_but_reminders_in_the_store()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "qbroker-host-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = QBrokerHost.Build(["--QBROKER_DATA_DIR=" + dataDir]);
            var services = app.Services;

            Assert.IsNotType<SqlMembershipTable>(services.GetRequiredService<IMembershipTable>());
            Assert.IsType<SqlReminderTable>(services.GetRequiredService<IReminderTable>());
            Assert.Equal("sqlite", services.GetRequiredService<IOptions<StoreOptions>>().Value.Provider);
            Assert.Equal("qbroker-local", services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);
        }
        finally
        {
            // Resolving the reminder table opened the SQLite store, which creates its folder.
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }
}
