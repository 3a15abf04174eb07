using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.TestingHost;
using QBroker.Contracts.Qkd;
using QBroker.Grains.Qkd;
using QBroker.Storage;

namespace QBroker.Grains.Tests.Qkd;

/// <summary>
/// An in-process cluster running QKD link grains over a real SQLite store, with short block periods so pools
/// fill in seconds. Sites x, y, z in a triangle (x to z directly, or relayed through y), and a separate link u - v.
/// </summary>
public sealed class QkdCluster : IAsyncDisposable
{
    public static readonly LinkDefinition XY = Metro("x-y", "x", "y", 10);
    public static readonly LinkDefinition YZ = Metro("y-z", "y", "z", 15);
    public static readonly LinkDefinition XZ = Metro("x-z", "x", "z", 20);
    public static readonly LinkDefinition UV = Metro("u-v", "u", "v", 5);

    private readonly InProcessTestCluster _cluster;
    private bool _stopped;

    private QkdCluster(InProcessTestCluster cluster, string folder)
    {
        _cluster = cluster;
        Folder = folder;
    }

    public string Folder { get; }

    public IGrainFactory Grains => _cluster.Client;

    public const int PoolCapacityBytes = 4096;

    /// <summary>Key delivery's reserve chunk in these tests: small, so a draw leaves most of a pool in place.</summary>
    public const int ReserveChunkBytes = 256;

    /// <summary>GYS metro link (Gobby, Yuan, Shields 2004): 0.21 dB/km, eta_Bob 4.5 %, Y0 1.7e-6, e_det 3.3 %, 1 GHz.</summary>
    public static LinkDefinition Metro(string id, string a, string b, double km) => new(id, a, b, km, 0.21, 0.045, 1.7e-6, 0.033, 1e9);

    /// <param name="folder">The store's folder: a fresh one when null, or a stopped cluster's to restart over its data.</param>
    /// <param name="blockPeriod">How often links check for a due block (20 ms when null; hours to run none).</param>
    /// <param name="configure">Further QKD options.</param>
    /// <param name="services">Further silo services, registered last (so they replace the defaults).</param>
    public static async Task<QkdCluster> StartAsync(
        string? folder = null, TimeSpan? blockPeriod = null, Action<QkdOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "qbroker-qkd-" + Guid.NewGuid().ToString("N"));
        await using (var database = new SqlDatabase(Options.Create(new StoreOptions { DataDirectory = folder }), NullLogger<SqlDatabase>.Instance))
        {
            await database.MigrateAsync();
        }
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Services.AddQBrokerStorage(store => store.DataDirectory = folder);
            host.Services.AddSingleton(new QkdNetwork([XY, YZ, XZ, UV]));
            host.Services.Configure<QkdOptions>(qkd =>
            {
                qkd.BlockPeriod = blockPeriod ?? TimeSpan.FromMilliseconds(20);
                qkd.PoolCapacityBytes = PoolCapacityBytes;
                // Small blocks (a few hundred bytes of key each): one block never fills these small pools, so the
                // attack tests see blocks keep running under the eavesdropper.
                qkd.BlockKeyBits = 65_536;
                qkd.ReserveChunkBytes = ReserveChunkBytes;
                qkd.ReserveHealthMaxAge = TimeSpan.Zero;
                configure?.Invoke(qkd);
            });
            services?.Invoke(host.Services);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new QkdCluster(cluster, folder);
    }

    /// <summary>The encrypted channel from site <paramref name="from"/> to site <paramref name="to"/>.</summary>
    public IChannelGrain Channel(string from, string to) => Grains.GetGrain<IChannelGrain>(IKeyDeliveryGrain.KeyOf(from, to));

    /// <summary>Polls the link until <paramref name="done"/> holds; blocks take up to a few hundred ms on a busy machine.</summary>
    public async Task<LinkSnapshot> WaitForAsync(string linkId, Func<LinkSnapshot, bool> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var snapshot = await Grains.GetGrain<ILinkGrain>(linkId).GetSnapshot();
            if (done(snapshot))
            {
                return snapshot;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Link {linkId} did not reach the expected state: {snapshot}");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Puts a full-strength intercept-resend eavesdropper on the link and waits until a block under attack has
    /// aborted (the link runs one at once even when its pools are full).
    /// </summary>
    public async Task AttackUntilAbortingAsync(string linkId)
    {
        await Grains.GetGrain<ILinkGrain>(linkId).SetEavesdropper(new EavesdropperSpec(EavesdropperSpec.InterceptResend, 1.0));
        await WaitForAsync(linkId, s => s.Aborting);
    }

    /// <summary>A pair's key-delivery rows as they are in the store (read through a database of the test's own).</summary>
    public async Task<(KeyReserve? Reserve, Dictionary<Guid, byte[]> Awaiting)> StoredKeyDeliveryAsync(string pair)
    {
        await using var database = new SqlDatabase(Options.Create(new StoreOptions { DataDirectory = Folder }), NullLogger<SqlDatabase>.Instance);
        return await new KeyDeliveryStore(database).LoadAsync(pair);
    }

    public async Task StopKeepingStoreAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _cluster.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopKeepingStoreAsync();
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
