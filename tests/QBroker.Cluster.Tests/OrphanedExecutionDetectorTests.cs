using QBroker.Grains.Scheduling;

namespace QBroker.Cluster.Tests;

/// <summary>The scheduler names an execution lost only after its device, answering, missed it twice in a row.</summary>
public sealed class OrphanedExecutionDetectorTests
{
    private static readonly Guid JobA = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid JobB = Guid.Parse("00000000-0000-0000-0000-00000000000b");

    [Fact]
    public void An_execution_missing_twice_in_a_row_is_orphaned()
    {
        var detector = new OrphanedExecutionDetector();
        (string, Guid)[] believed = [("ibm", JobA), ("ibm", JobB)];
        var reported = Reports(("ibm", [JobB]));
        Assert.Empty(detector.Observe(believed, reported));
        Assert.Equal([("ibm", JobA)], detector.Observe(believed, reported));
    }

    [Fact]
    public void An_execution_reported_again_in_between_is_not_orphaned()
    {
        var detector = new OrphanedExecutionDetector();
        (string, Guid)[] believed = [("ibm", JobA)];
        Assert.Empty(detector.Observe(believed, Reports(("ibm", []))));
        Assert.Empty(detector.Observe(believed, Reports(("ibm", [JobA]))));
        Assert.Empty(detector.Observe(believed, Reports(("ibm", []))));
    }

    [Fact]
    public void A_device_that_did_not_answer_is_not_judged()
    {
        var detector = new OrphanedExecutionDetector();
        (string, Guid)[] believed = [("ibm", JobA)];
        Assert.Empty(detector.Observe(believed, Reports(("ibm", []))));
        Assert.Empty(detector.Observe(believed, Reports()));
        Assert.Empty(detector.Observe(believed, Reports(("ibm", []))));
    }

    [Fact]
    public void An_orphan_is_named_once_and_then_forgotten()
    {
        var detector = new OrphanedExecutionDetector();
        (string, Guid)[] believed = [("ibm", JobA)];
        var reported = Reports(("ibm", []));
        detector.Observe(believed, reported);
        Assert.Single(detector.Observe(believed, reported));
        Assert.Empty(detector.Observe(believed, reported));
    }

    private static Dictionary<string, IReadOnlySet<Guid>> Reports(params (string Device, Guid[] Jobs)[] devices) =>
        devices.ToDictionary(device => device.Device, device => (IReadOnlySet<Guid>)device.Jobs.ToHashSet(), StringComparer.Ordinal);
}
