using QBroker.Contracts.Accounting;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Qkd;
using QBroker.Contracts.Scheduling;
using QBroker.Grains.Scheduling;
using QBroker.Grains.Telemetry;
using QBroker.Silo.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

public sealed class BrokerStatsAssemblerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Busy_slots_come_from_the_scheduler_and_status_and_slots_from_the_device()
    {
        var stats = BrokerStatsAssembler.Assemble(
            [new DeviceQueueStats("ibm", Queued: 4, Running: 1, OldestEnqueuedAt: Noon)],
            [new DeviceSnapshot("ibm", DeviceStatus.Maintenance, Slots: 2, Running: [Guid.Empty, Guid.Empty], StatusReason: "calibration")],
            [], [], []);

        var device = Assert.Single(stats.Devices);
        Assert.Equal(new DeviceStats("ibm", DeviceStatus.Maintenance, 2, 1), device);
    }

    [Fact]
    public void A_device_the_scheduler_does_not_index_reports_its_own_running_jobs()
    {
        var stats = BrokerStatsAssembler.Assemble([],
            [new DeviceSnapshot("new", DeviceStatus.Online, Slots: 3, Running: [Guid.NewGuid()], StatusReason: null)], [], [], []);

        var device = Assert.Single(stats.Devices);
        Assert.Equal(1, device.Running);
    }

    [Fact]
    public void Credits_are_the_institution_lines_of_the_budgets_in_a_stable_order()
    {
        var stats = BrokerStatsAssembler.Assemble([], [],
        [
            new BudgetStatus(new BudgetLine("kaist", null, 2m, 0.5m), [new BudgetLine("kaist-p", 10m, 99m, 99m)], Noon, Noon.AddYears(1)),
            new BudgetStatus(new BudgetLine("hanyang", 100m, 7m, 1m), [], Noon, Noon.AddYears(1)),
        ], [], []);

        Assert.Equal(
            [("hanyang", (decimal?)100m, 7m, 1m), ("kaist", null, 2m, 0.5m)],
            stats.Institutions.Select(i => (i.InstitutionId, i.Budget, i.Spent, i.Escrowed)));
    }

    [Fact]
    public void Fair_share_keeps_only_the_institution_rows_labelled_by_institution()
    {
        var stats = BrokerStatsAssembler.Assemble([], [], [Budget("skku"), Budget("kaist")],
        [
            new FairShareLine(FairShareLeaves.Root, null, 1, 1, 30, 1, 1, 0.5),
            new FairShareLine(FairShareLeaves.Institution("skku"), FairShareLeaves.Root, 3, 0.75, 30, 1, 1, 0.4),
            new FairShareLine(FairShareLeaves.Institution("kaist"), FairShareLeaves.Root, 1, 0.25, 0, 0, 0, 1),
            new FairShareLine(FairShareLeaves.Project("skku-p"), FairShareLeaves.Institution("skku"), 1, 0.75, 30, 1, 1, 0.4),
            new FairShareLine(FairShareLeaves.Leaf("skku-p", "skku-jkim"), FairShareLeaves.Project("skku-p"), 1, 0.75, 30, 1, 1, 0.4),
        ], []);

        Assert.Equal(
            [new InstitutionFairShare("kaist", 0.25, 0, 1), new InstitutionFairShare("skku", 0.75, 30, 0.4)],
            stats.FairShare);
    }

    [Fact]
    public void Links_are_reported_whole_in_a_stable_order()
    {
        LinkSnapshot Link(string id) => new(
            new LinkDefinition(id, "a", "b", 10, 0.2, 0.1, 1e-6, 0.01, 1e9),
            0.02, 1000, null,
            new KeyPoolSnapshot("a", "b", 10, 100, KeyPoolState.Low), new KeyPoolSnapshot("b", "a", 0, 100, KeyPoolState.Empty),
            null, 5, 1);

        var stats = BrokerStatsAssembler.Assemble([], [], [], [], [Link("z-link"), Link("a-link")]);

        Assert.Equal(["a-link", "z-link"], stats.Links.Select(l => l.Definition.Id));
    }

    private static BudgetStatus Budget(string institution) =>
        new(new BudgetLine(institution, null, 0m, 0m), [], Noon, Noon.AddYears(1));
}
