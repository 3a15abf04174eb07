namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// What one failure test measured, printed in the test output (docs/benchmarks-cluster.md records them): seconds
/// from the fault until membership declared the silo dead, until an execution started after the fault completed
/// (the queue progresses again), and until every job was done; and whether the dead silo wrote its own Dead row
/// (it left) or the others declared it dead (they detected it).
/// </summary>
public sealed record FaultReport(string Scenario, int Acknowledged, double? Detection, double? Resumed, double Drained, bool? LeftByItself)
{
    public override string ToString() =>
        $"{Scenario}: {Acknowledged} jobs acknowledged; detection {ClusterHarness.Seconds(Detection)}" +
        (LeftByItself is { } left ? left ? " (the silo wrote its own Dead row)" : " (declared dead by the others)" : string.Empty) +
        $", work resumed {ClusterHarness.Seconds(Resumed)}, all done {ClusterHarness.Seconds(Drained)} after the fault";
}
