namespace QBroker.Silo.Tests;

/// <summary>One broker shared by the API tests of a collection (starting a silo takes seconds).</summary>
public sealed class SharedSilo : IAsyncLifetime
{
    public TestSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await TestSilo.StartAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedSiloCollection : ICollectionFixture<SharedSilo>
{
    public const string Name = "shared silo";
}
