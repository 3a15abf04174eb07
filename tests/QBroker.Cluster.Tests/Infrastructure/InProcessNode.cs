using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using QBroker.Silo;
using QBroker.Storage;
using QBroker.Storage.Cluster;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// A silo built by the broker's own host builder, running inside the test process. Killing it stops the host with
/// an already-cancelled token, which Orleans takes as an ungraceful stop: no grain deactivation, no hand-over of
/// jobs. It is not a crash in membership's eyes, though: Orleans runs every lifecycle stop stage even when cancelled,
/// and its membership agent then writes the silo's own Dead row and tells the others, so they learn of the death
/// without detecting it (FaultReport.LeftByItself shows it). Detection by probing is what the SIGKILL test measures.
/// </summary>
public sealed class InProcessNode : IClusterNode
{
    private readonly Microsoft.AspNetCore.Builder.WebApplication _app;
    private bool _stopped;
    private bool _disposed;

    private InProcessNode(NodeSettings settings, Microsoft.AspNetCore.Builder.WebApplication app)
    {
        Settings = settings;
        _app = app;
    }

    public NodeSettings Settings { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>
    /// Starts a silo. Membership lives in its own store unless <paramref name="membershipConnectionString"/> names a
    /// PostgreSQL database for it (the negative control, whose silos keep everything else to themselves).
    /// </summary>
    public static async Task<InProcessNode> StartAsync(NodeSettings settings, string? membershipConnectionString = null)
    {
        var app = QBrokerHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings.Values!);
            if (membershipConnectionString is not null)
            {
                // Registered before the host's own membership table, which then stands aside.
                builder.Services.AddKeyedSingleton(MembershipStoreKey, (services, _) => new SqlDatabase(
                    Options.Create(new StoreOptions { Provider = "postgres", ConnectionString = membershipConnectionString }),
                    services.GetRequiredService<ILogger<SqlDatabase>>()));
                builder.Services.AddSingleton<IMembershipTable>(services => new SqlMembershipTable(
                    services.GetRequiredKeyedService<SqlDatabase>(MembershipStoreKey), services.GetRequiredService<IOptions<ClusterOptions>>()));
            }
        });
        await app.StartAsync();
        var node = new InProcessNode(settings, app);
        await SiloReadiness.WaitUntilReadyAsync(settings.BaseAddress, TimeSpan.FromSeconds(90), () => null);
        return node;
    }

    public async Task KillAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        try
        {
            await _app.StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
            // Expected: every stopping step saw the cancelled token.
        }
        catch (AggregateException error) when (error.InnerExceptions.All(inner => inner is OperationCanceledException))
        {
            // Same, reported by several hosted services at once.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
        await _app.DisposeAsync();
    }

    private const string MembershipStoreKey = "membership";
}
