using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using QBroker.Contracts.Accounting;
using QBroker.Grains.Accounting;
using QBroker.Grains.Telemetry;

namespace QBroker.Grains.Tests.Accounting;

public sealed class BudgetWarningTests
{
    [Fact]
    public void Warnings_name_each_budget_at_or_past_the_threshold_with_its_scope()
    {
        var book = new BudgetBook("inst", new Dictionary<string, decimal> { ["inst"] = 100m, ["proj"] = 50m }, warningThreshold: 0.8);
        book.Load([], []);
        Assert.True(book.TryReserve(Guid.NewGuid(), "proj", 39m).Accepted);
        Assert.Empty(book.WarningsFor("proj"));

        Assert.True(book.TryReserve(Guid.NewGuid(), "proj", 1m).Accepted);
        var project = Assert.Single(book.WarningsFor("proj"));
        Assert.Equal(new BudgetWarning(BudgetWarning.ProjectScope, "proj", 0.8), project);

        Assert.True(book.TryReserve(Guid.NewGuid(), "other", 45m).Accepted);
        Assert.Equal([BudgetWarning.InstitutionScope, BudgetWarning.ProjectScope], book.WarningsFor("proj").Select(w => w.Scope));
        var institution = Assert.Single(book.WarningsFor("other"));
        Assert.Equal(0.85, institution.Used, 12);
    }

    /// <summary>
    /// Through the budget grain: reservations below the threshold count nothing; one that crosses it counts once per
    /// scope it crosses, tagged with institution and scope; a retried reservation of the same job counts nothing more.
    /// </summary>
    [Fact]
    public async Task Each_warned_submission_increments_the_budget_warnings_counter_once_per_scope()
    {
        var counted = new ConcurrentQueue<(long Value, string? Institution, string? Scope)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == QBrokerTelemetry.Name && instrument.Name == BudgetWarningCounter.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            string? Tag(string key) => all.FirstOrDefault(t => t.Key == key).Value as string;
            // Other tests in this assembly run clusters too; only this test's institution is counted here.
            if (Tag("institution") == "kaist")
            {
                counted.Enqueue((value, Tag("institution"), Tag("scope")));
            }
        });
        listener.Start();

        await using var cluster = await GrainCluster.StartAsync();
        var accounts = new QBroker.Storage.Accounts.SqlAccountStore(cluster.Database, TimeProvider.System);
        await accounts.SetBudgetAsync("kaist", "institution", 100m);
        await accounts.SetBudgetAsync("kaist-vqe", "project", 100m);
        var budget = cluster.Grains.GetGrain<IBudgetGrain>("kaist");

        Assert.Null((await budget.Reserve(Guid.NewGuid(), "kaist-vqe", 79m)).Warning);
        Assert.Empty(counted);

        var crossing = Guid.NewGuid();
        var decision = await budget.Reserve(crossing, "kaist-vqe", 2m);
        Assert.NotNull(decision.Warning);
        Assert.Equal([(1L, "kaist", "institution"), (1L, "kaist", "project")], counted.OrderBy(c => c.Scope).ToList());

        Assert.True((await budget.Reserve(crossing, "kaist-vqe", 2m)).AlreadyReserved);
        Assert.Equal(2, counted.Count);
    }
}
