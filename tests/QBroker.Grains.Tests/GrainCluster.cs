using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using QBroker.Backends;
using QBroker.Grains.Devices;
using QBroker.Storage;
using QBroker.Storage.Jobs;

namespace QBroker.Grains.Tests;

/// <summary>
/// An in-process Orleans cluster running the broker's grains over a real SQLite store in a fresh folder, with the
/// local simulator behind a scriptable backend. Restarting a cluster over the same folder models a process restart.
/// </summary>
public sealed class GrainCluster : IAsyncDisposable
{
    private GrainCluster(InProcessTestCluster cluster, string folder, ScriptedBackend backend, SqlDatabase database)
    {
        Cluster = cluster;
        Folder = folder;
        Backend = backend;
        Database = database;
        Store = new SqlJobStore(database);
    }

    public InProcessTestCluster Cluster { get; }

    public string Folder { get; }

    public ScriptedBackend Backend { get; }

    /// <summary>A second view of the store, for tests to read and to stage records as a crashed process left them.</summary>
    public SqlDatabase Database { get; }

    public IJobStore Store { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <param name="deviceTimeScale">BrokerOptions.DeviceTimeScale: 0 (the default here) releases the device as soon as a job has run.</param>
    public static async Task<GrainCluster> StartAsync(string? folder = null, Action<ScriptedBackend>? script = null, double deviceTimeScale = 0)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "qbroker-grains-" + Guid.NewGuid().ToString("N"));
        var database = new SqlDatabase(Options.Create(new StoreOptions { DataDirectory = folder }), NullLogger<SqlDatabase>.Instance);
        await database.MigrateAsync();
        var accounts = new QBroker.Storage.Accounts.SqlAccountStore(database, TimeProvider.System);
        await accounts.UpsertInstitutionAsync(new QBroker.Storage.Accounts.Institution("skku", "SKKU", "KR", 50));
        await accounts.UpsertInstitutionAsync(new QBroker.Storage.Accounts.Institution("kaist", "KAIST", "KR", 50));
        await accounts.UpsertProjectAsync(new QBroker.Storage.Accounts.Project("skku-qec", "skku", "QEC", 1));
        await accounts.UpsertProjectAsync(new QBroker.Storage.Accounts.Project("kaist-vqe", "kaist", "VQE", 1));
        await accounts.UpsertResearcherAsync(new QBroker.Storage.Accounts.Researcher("skku-jkim", "skku", "J Kim", "j@x", 1, ["skku-qec"]));
        await accounts.UpsertResearcherAsync(new QBroker.Storage.Accounts.Researcher("kaist-mchoi", "kaist", "M Choi", "m@x", 1, ["kaist-vqe"]));

        var local = DeviceCatalogue.CreateDefault().Single(model => model.Id == DeviceCatalogue.LocalSimulator);
        var backend = new ScriptedBackend(DeviceBackends.Create(local, BackendOptions.Default));
        script?.Invoke(backend);
        var registry = DeviceRegistry.Of([new RegisteredDevice(local, backend, Slots: 1)]);

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddQBrokerStorage(store => store.DataDirectory = folder);
            host.Services.AddSingleton(registry);
            host.Services.Configure<BrokerOptions>(broker => broker.DeviceTimeScale = deviceTimeScale);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainCluster(cluster, folder, backend, database);
    }

    /// <summary>Stops the cluster but keeps the store, so a new cluster can start over it.</summary>
    public async Task StopKeepingStoreAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    private bool _stopped;

    public async ValueTask DisposeAsync()
    {
        await StopKeepingStoreAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Harmless leftover in the temp folder.
        }
    }
}
