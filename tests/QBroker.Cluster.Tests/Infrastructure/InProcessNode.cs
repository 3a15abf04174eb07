using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QBroker.Silo;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// A silo built by the broker's own host builder, running inside the test process. Killing it stops the host with
/// an already-cancelled token, which Orleans takes as an ungraceful stop (no deactivation, no goodbye in the
/// membership table): the others find out by probing, as after a crash.
/// </summary>
public sealed class InProcessNode : IClusterNode
{
    private readonly Microsoft.AspNetCore.Builder.WebApplication _app;
    private bool _stopped;

    private InProcessNode(NodeSettings settings, Microsoft.AspNetCore.Builder.WebApplication app)
    {
        Settings = settings;
        _app = app;
    }

    public NodeSettings Settings { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public static async Task<InProcessNode> StartAsync(NodeSettings settings)
    {
        var app = QBrokerHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings.Values!));
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
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
        await _app.DisposeAsync();
    }
}
