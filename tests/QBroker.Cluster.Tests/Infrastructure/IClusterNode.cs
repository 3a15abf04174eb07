namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>One silo of a test cluster, in this process or as a process of its own.</summary>
public interface IClusterNode : IAsyncDisposable
{
    NodeSettings Settings { get; }

    /// <summary>Stops the silo without any shutdown: no hand-over, no leaving the membership table.</summary>
    Task KillAsync();
}
