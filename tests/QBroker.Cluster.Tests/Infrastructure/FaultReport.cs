namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// What one failure test measured, printed in the test output (docs/benchmarks-cluster.md records them): seconds
/// from the fault until membership declared the silo dead, until an execution started after the fault completed
/// (the queue progresses again), and until every job was done.
/// </summary>
public sealed record FaultReport(string Scenario, int Acknowledged, double? Detection, double? Resumed, double Drained)
{
    public override string ToString() =>
        $"{Scenario}: {Acknowledged} jobs acknowledged; detection {ClusterHarness.Seconds(Detection)}, " +
        $"work resumed {ClusterHarness.Seconds(Resumed)}, all done {ClusterHarness.Seconds(Drained)} after the fault";
}
