using QBroker.Contracts.Accounting;
using QBroker.Contracts.Jobs;
using QBroker.Storage.Ledger;

namespace QBroker.Grains.Tests;

/// <summary>How faults end a job: permanent errors at once, transient ones after a retry, and either way one settlement.</summary>
public sealed class RetryTests
{
    private static async Task<IReadOnlyList<LedgerEntry>> LedgerOfAsync(GrainCluster cluster, Guid jobId) =>
        [.. (await new SqlLedgerStore(cluster.Database).QueryAsync(new LedgerQuery { InstitutionId = "skku" })).Where(entry => entry.JobId == jobId)];

    [Fact]
    public async Task A_permanent_error_fails_the_job_after_one_attempt_with_the_reason_and_refunds_the_escrow()
    {
        await using var cluster = await GrainCluster.StartAsync(script: backend => backend.PermanentFaults = 1);
        var id = Guid.NewGuid();
        var job = cluster.Grains.GetGrain<IJobGrain>(id);
        await job.Submit(Specs.Circuit() with { EstimatedCost = 3m });

        var done = await Specs.WaitForTerminalAsync(job);

        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(1, cluster.Backend.Executions);
        Assert.Contains("scripted permanent error 1", done.Error);
        Assert.Null(done.ActualCost);
        Assert.Equal([JobState.Queued, JobState.Running, JobState.Failed], (await cluster.Store.GetTransitionsAsync(id)).Select(t => t.To));
        var ledger = await LedgerOfAsync(cluster, id);
        Assert.Equal([LedgerKind.Escrow, LedgerKind.Release], ledger.Select(entry => entry.Kind).Order());
        Assert.All(ledger, entry => Assert.Equal(3m, entry.Amount));
    }

    [Fact]
    public async Task A_job_that_completes_after_a_retry_has_one_escrow_one_release_and_one_charge()
    {
        await using var cluster = await GrainCluster.StartAsync(script: backend => backend.TransientFaults = 1);
        var id = Guid.NewGuid();
        var job = cluster.Grains.GetGrain<IJobGrain>(id);
        await job.Submit(Specs.Circuit() with { EstimatedCost = 5m });

        var done = await Specs.WaitForTerminalAsync(job);

        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal(2, done.Attempts);
        var ledger = await LedgerOfAsync(cluster, id);
        Assert.Equal([LedgerKind.Escrow, LedgerKind.Release, LedgerKind.Charge], ledger.Select(entry => entry.Kind).Order());
        Assert.Equal(5m, ledger.Single(entry => entry.Kind == LedgerKind.Escrow).Amount);
        Assert.Equal(5m, ledger.Single(entry => entry.Kind == LedgerKind.Release).Amount);
        Assert.Equal(done.ActualCost, ledger.Single(entry => entry.Kind == LedgerKind.Charge).Amount);
        var status = await cluster.Grains.GetGrain<IBudgetGrain>("skku").GetStatus();
        Assert.Equal(0m, status.Institution.Escrowed);
        Assert.Equal(done.ActualCost, status.Institution.Spent);
    }
}
