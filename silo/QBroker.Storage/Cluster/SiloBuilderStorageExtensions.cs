using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans;
using Orleans.Hosting;

namespace QBroker.Storage.Cluster;

/// <summary>
/// Orleans providers backed by the broker's own store (registered by
/// <see cref="StorageServiceCollectionExtensions.AddQBrokerStorage"/>): the same database that holds jobs and the
/// ledger holds membership and reminders, so cluster mode needs PostgreSQL and nothing else.
/// </summary>
public static class SiloBuilderStorageExtensions
{
    /// <summary>
    /// Cluster membership in the store's membership tables, keyed by <c>ClusterOptions.ClusterId</c>, unless the host
    /// registered a membership table of its own first (the failure tests' negative control keeps membership apart
    /// from the rest of its state).
    /// </summary>
    public static ISiloBuilder UseQBrokerSqlClustering(this ISiloBuilder silo)
    {
        silo.Services.TryAddSingleton<IMembershipTable, SqlMembershipTable>();
        return silo;
    }

    /// <summary>Durable reminders in the store's reminder table, keyed by <c>ClusterOptions.ServiceId</c>.</summary>
    public static ISiloBuilder UseQBrokerSqlReminders(this ISiloBuilder silo)
    {
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable, SqlReminderTable>();
        return silo;
    }
}
