using Xunit;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// Three silo processes on one PostgreSQL database, shared by the process tests (starting three processes costs
/// half a minute on a loaded machine). Every test leaves three running silos behind: <see cref="HealAsync"/>
/// replaces any whose process ended.
/// </summary>
public sealed class ProcessClusterFixture : IAsyncLifetime
{
    public ClusterHarness Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await ClusterHarness.StartAsync("processes", asProcesses: true, new ConsoleOutput());

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    public async Task HealAsync()
    {
        for (var i = 0; i < Cluster.Nodes.Count; i++)
        {
            if (Cluster.Nodes[i] is ProcessNode { HasExited: true })
            {
                await Cluster.ReplaceWithProcessAsync(i);
                Cluster.Log($"{Cluster.Nodes[i].Settings.Name} restarted for the next test");
            }
        }
    }
}
