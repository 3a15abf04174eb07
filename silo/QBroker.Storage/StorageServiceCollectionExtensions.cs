using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;
using QBroker.Storage.Accounts;
using QBroker.Storage.GrainState;
using QBroker.Storage.Jobs;
using QBroker.Storage.Ledger;

namespace QBroker.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the database, the job and account stores, and the "qbroker" Orleans grain storage.</summary>
    public static IServiceCollection AddQBrokerStorage(this IServiceCollection services, Action<StoreOptions>? configure = null)
    {
        var options = services.AddOptions<StoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqlDatabase>();
        services.TryAddSingleton<IJobStore, SqlJobStore>();
        services.TryAddSingleton<IAccountStore, SqlAccountStore>();
        services.TryAddSingleton<ILedgerStore, SqlLedgerStore>();
        services.AddKeyedSingleton<IGrainStorage>(SqlGrainStorage.StorageName, (sp, _) => new SqlGrainStorage(sp.GetRequiredService<SqlDatabase>()));
        return services;
    }
}
