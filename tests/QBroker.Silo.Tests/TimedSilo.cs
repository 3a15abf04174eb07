namespace QBroker.Silo.Tests;

/// <summary>
/// A broker whose devices stay busy for their modelled device time (scale 1: an IBM task of a few thousand shots
/// holds the device for seconds), for tests that act while a job runs or that need queues to take time.
/// </summary>
public sealed class TimedSilo : IAsyncLifetime
{
    public TestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync(deviceTimeScale: 1);

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class TimedSiloCollection : ICollectionFixture<TimedSilo>
{
    public const string Name = "timed silo";
}
