using QBroker.Contracts.Accounting;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Scheduling;
using QBroker.Silo.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

public sealed class BrokerStatsAssemblerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Queue_figures_come_from_the_scheduler_and_status_and_slots_from_the_device()
    {
        var stats = BrokerStatsAssembler.Assemble(
            [new DeviceQueueStats("ibm", Queued: 4, Running: 1, OldestEnqueuedAt: Noon)],
            [new DeviceSnapshot("ibm", DeviceStatus.Maintenance, Slots: 2, Running: [Guid.Empty, Guid.Empty], StatusReason: "calibration")],
            []);

        var device = Assert.Single(stats.Devices);
        Assert.Equal(("ibm", DeviceStatus.Maintenance, 2, 1, 4, (DateTimeOffset?)Noon),
            (device.DeviceId, device.Status, device.Slots, device.Running, device.Queued, device.OldestEnqueuedAt));
    }

    [Fact]
    public void A_device_the_scheduler_does_not_index_reports_its_own_running_jobs_and_an_empty_queue()
    {
        var stats = BrokerStatsAssembler.Assemble([],
            [new DeviceSnapshot("new", DeviceStatus.Online, Slots: 3, Running: [Guid.NewGuid()], StatusReason: null)], []);

        var device = Assert.Single(stats.Devices);
        Assert.Equal((1, 0, (DateTimeOffset?)null), (device.Running, device.Queued, device.OldestEnqueuedAt));
    }

    [Fact]
    public void Credits_are_the_institution_lines_of_the_budgets_in_a_stable_order()
    {
        var stats = BrokerStatsAssembler.Assemble([], [],
        [
            new BudgetStatus(new BudgetLine("kaist", null, 2m, 0.5m), [new BudgetLine("kaist-p", 10m, 99m, 99m)], Noon, Noon.AddYears(1)),
            new BudgetStatus(new BudgetLine("hanyang", 100m, 7m, 1m), [], Noon, Noon.AddYears(1)),
        ]);

        Assert.Equal(
            [("hanyang", (decimal?)100m, 7m, 1m), ("kaist", null, 2m, 0.5m)],
            stats.Institutions.Select(i => (i.InstitutionId, i.Budget, i.Spent, i.Escrowed)));
    }
}
