namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// Telemetry tests that count what the process-wide "QBroker" meter records: xunit runs this collection after the
/// parallel ones and alone, so no other test's jobs are counted with theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolatedTelemetryCollection
{
    public const string Name = "isolated telemetry";
}
