using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Scheduling;

namespace QBroker.Grains.Tests;

public sealed class JobLifecycleTests
{
    [Fact]
    public async Task A_submitted_job_is_durable_dispatched_executed_and_completed_once()
    {
        await using var cluster = await GrainCluster.StartAsync();
        var id = Guid.NewGuid();
        var job = cluster.Grains.GetGrain<IJobGrain>(id);

        var outcome = await job.Submit(Specs.Circuit());
        Assert.Equal(SubmitStatus.Created, outcome.Status);
        Assert.NotNull(await cluster.Store.GetAsync(id));

        var done = await Specs.WaitForTerminalAsync(job);
        Assert.Equal(JobState.Completed, done.State);
        var result = await cluster.Store.GetResultAsync(id);
        Assert.Equal(500, result!.Counts.Values.Sum());
        Assert.Equal(["00", "11"], result.Counts.Keys.Order());

        // A late completion (a duplicate execution) is ignored: one terminal state, one result.
        Assert.False(await job.Complete(result with { Counts = new Dictionary<string, long> { ["01"] = 500 } }));
        var transitions = await cluster.Store.GetTransitionsAsync(id);
        Assert.Single(transitions, t => t.To.IsTerminal());
        Assert.Equal(500, (await cluster.Store.GetResultAsync(id))!.Counts["00"] + (await cluster.Store.GetResultAsync(id))!.Counts["11"]);
    }

    [Fact]
    public async Task Resubmission_is_a_duplicate_and_another_spec_under_the_same_id_a_conflict()
    {
        await using var cluster = await GrainCluster.StartAsync();
        var job = cluster.Grains.GetGrain<IJobGrain>(Guid.NewGuid());
        await job.Submit(Specs.Circuit());

        Assert.Equal(SubmitStatus.Duplicate, (await job.Submit(Specs.Circuit())).Status);
        Assert.Equal(SubmitStatus.Conflict, (await job.Submit(Specs.Circuit(hash: "other"))).Status);
    }

    [Fact]
    public async Task A_transient_fault_sends_the_job_back_to_the_queue_and_it_completes_on_the_next_attempt()
    {
        await using var cluster = await GrainCluster.StartAsync(script: backend => backend.TransientFaults = 1);
        var id = Guid.NewGuid();
        var job = cluster.Grains.GetGrain<IJobGrain>(id);
        await job.Submit(Specs.Circuit());

        var done = await Specs.WaitForTerminalAsync(job);
        Assert.Equal(JobState.Completed, done.State);
        Assert.Equal(2, done.Attempts);
        Assert.Equal(
            [JobState.Queued, JobState.Running, JobState.Retrying, JobState.Running, JobState.Completed],
            (await cluster.Store.GetTransitionsAsync(id)).Select(t => t.To));
    }

    [Fact]
    public async Task Faults_on_every_attempt_fail_the_job_after_the_attempt_limit()
    {
        await using var cluster = await GrainCluster.StartAsync(script: backend => backend.TransientFaults = int.MaxValue);
        var job = cluster.Grains.GetGrain<IJobGrain>(Guid.NewGuid());
        await job.Submit(Specs.Circuit());

        var done = await Specs.WaitForTerminalAsync(job);
        Assert.Equal(JobState.Failed, done.State);
        Assert.Equal(new BrokerOptions().MaxAttempts, done.Attempts);
        Assert.Contains("scripted fault", done.Error);
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_it_and_the_device_moves_on()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var cluster = await GrainCluster.StartAsync(script: backend => backend.Gate = gate);
        var first = cluster.Grains.GetGrain<IJobGrain>(Guid.NewGuid());
        var second = cluster.Grains.GetGrain<IJobGrain>(Guid.NewGuid());
        await first.Submit(Specs.Circuit());
        await second.Submit(Specs.Circuit());
        await Specs.WaitUntilAsync(async () => (await first.Get())!.State == JobState.Running);
        var ticket = await cluster.Grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey).GetTicket(second.GetPrimaryKey());
        Assert.Equal(1, ticket!.Position);

        var cancelled = await first.Cancel("test");
        Assert.True(cancelled.Changed);
        Assert.Equal(JobState.Cancelled, cancelled.Record!.State);
        gate.SetResult();

        Assert.Equal(JobState.Completed, (await Specs.WaitForTerminalAsync(second)).State);
        Assert.Equal(JobState.Cancelled, (await first.Get())!.State);
        Assert.Null(await cluster.Store.GetResultAsync(first.GetPrimaryKey()));
        Assert.False((await first.Cancel("again")).Changed);
    }

    [Fact]
    public async Task A_device_in_maintenance_takes_nothing_until_it_is_online_again()
    {
        await using var cluster = await GrainCluster.StartAsync();
        var device = cluster.Grains.GetGrain<IDeviceGrain>("local-sim");
        await device.SetStatus(DeviceStatus.Maintenance, "calibrating");
        var job = cluster.Grains.GetGrain<IJobGrain>(Guid.NewGuid());
        await job.Submit(Specs.Circuit());

        var queues = await cluster.Grains.GetGrain<ISchedulerGrain>(ISchedulerGrain.DefaultKey).GetDeviceQueues();
        Assert.Equal(1, queues.Single().Queued);
        Assert.Equal(JobState.Queued, (await job.Get())!.State);
        Assert.Equal(0, cluster.Backend.Executions);

        await device.SetStatus(DeviceStatus.Online, "calibrated");
        Assert.Equal(JobState.Completed, (await Specs.WaitForTerminalAsync(job)).State);
        Assert.Equal(DeviceStatus.Online, (await device.GetSnapshot()).Status);
    }
}

public sealed class BudgetSettlementTests
{
    [Fact]
    public async Task Completion_charges_the_actual_cost_and_cancellation_refunds_the_escrow()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var cluster = await GrainCluster.StartAsync(script: backend => backend.Gate = gate);
        var ledger = new QBroker.Storage.Ledger.SqlLedgerStore(cluster.Database);
        var completed = cluster.Grains.GetGrain<IJobGrain>(Guid.NewGuid());
        var cancelled = cluster.Grains.GetGrain<IJobGrain>(Guid.NewGuid());
        await completed.Submit(Specs.Circuit() with { EstimatedCost = 5m });
        await cancelled.Submit(Specs.Circuit() with { EstimatedCost = 7m });

        var budget = cluster.Grains.GetGrain<QBroker.Contracts.Accounting.IBudgetGrain>("skku");
        Assert.Equal(12m, (await budget.GetStatus()).Institution.Escrowed);

        await cancelled.Cancel("test");
        gate.SetResult();
        var done = await Specs.WaitForTerminalAsync(completed);
        Assert.Equal(JobState.Completed, done.State);

        var entries = await ledger.QueryAsync(new QBroker.Storage.Ledger.LedgerQuery { InstitutionId = "skku" });
        Assert.Equal(5, entries.Count);
        var charge = Assert.Single(entries, e => e.Kind == QBroker.Contracts.Accounting.LedgerKind.Charge);
        Assert.Equal(done.ActualCost, charge.Amount);
        var status = await budget.GetStatus();
        Assert.Equal(0m, status.Institution.Escrowed);
        Assert.Equal(done.ActualCost, status.Institution.Spent);
    }
}
