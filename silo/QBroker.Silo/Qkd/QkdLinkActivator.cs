using QBroker.Contracts.Qkd;
using QBroker.Grains.Qkd;
using QBroker.Storage;

namespace QBroker.Silo.Qkd;

/// <summary>
/// Once the host has started (the silo is then running), adds the links operators created to the network, takes
/// out the ones they deleted (finishing the wipe of a delete that a crash interrupted, reserves drawn over them included), and activates every link
/// grain, so links produce key from the start; the grains then stay active. A link that fails to activate is
/// retried on the next call to it.
/// </summary>
public sealed partial class QkdLinkActivator(
    IHostApplicationLifetime lifetime, IGrainFactory grains, QkdNetwork network, SqlDatabase database, ILogger<QkdLinkActivator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = ActivateAllAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ActivateAllAsync()
    {
        try
        {
            var register = grains.GetGrain<IQkdNetworkGrain>(IQkdNetworkGrain.Key);
            foreach (var created in await register.GetCreatedLinks())
            {
                network.TryAdd(created);
            }
            var deletedLinks = await register.GetDeletedLinks();
            // Every deleted link leaves the network before any wipe, so that one wipe failing cannot keep the others in.
            foreach (var deleted in deletedLinks)
            {
                network.TryRemove(deleted);
            }
            foreach (var deleted in deletedLinks)
            {
                await WipeAsync(deleted);
            }
        }
        catch (Exception error)
        {
            LogCreatedLinksUnavailable(error);
        }
        foreach (var link in network.Links)
        {
            try
            {
                await grains.GetGrain<ILinkGrain>(link.Id).GetSnapshot();
            }
            catch (Exception error)
            {
                LogActivationFailed(error, link.Id);
            }
        }
    }

    /// <summary>Finishes a deleted link's wipe; a failure is logged and retried at the next start (the deletion stays recorded).</summary>
    private async Task WipeAsync(string linkId)
    {
        try
        {
            await LinkRemoval.WipeAsync(grains, database, linkId);
        }
        catch (Exception error)
        {
            LogWipeFailed(error, linkId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The wipe of deleted QKD link {LinkId} could not be finished at startup; it is retried at the next start")]
    private partial void LogWipeFailed(Exception error, string linkId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The QKD links created or deleted through the API could not be loaded at startup; the built-in links run")]
    private partial void LogCreatedLinksUnavailable(Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "QKD link {LinkId} could not be activated at startup")]
    private partial void LogActivationFailed(Exception error, string linkId);
}
