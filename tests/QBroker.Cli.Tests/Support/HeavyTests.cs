namespace QBroker.Cli.Tests.Support;

/// <summary>
/// Tests that start a silo or run the .NET SDK share this collection, so they run one after another rather than
/// competing for the machine's two cores with each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HeavyTests
{
    public const string Name = "heavy";
}
