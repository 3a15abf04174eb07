using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using QBroker.Contracts.Accounting;
using QBroker.Contracts.Jobs;
using QBroker.Storage.Jobs;
using QBroker.Storage.Ledger;
using QBroker.Storage.Tests.Infrastructure;

namespace QBroker.Storage.Tests;

/// <summary>
/// Property-based checks of the ledger under random job histories written the way the job grain writes them:
/// escrow with the acceptance, release (and charge) with the single terminal transition.
/// </summary>
public sealed class LedgerInvariantTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One step of a history: which job, and what happens to it (0 start, 1 complete, 2 fail, 3 cancel).</summary>
    public sealed record Step(int Job, int Action, int CostCents);

    private static Arbitrary<Step[]> Histories() =>
        Gen.Choose(0, 7).SelectMany(job => Gen.Choose(0, 3).SelectMany(action => Gen.Choose(0, 50_000).Select(cost => new Step(job, action, cost))))
            .ArrayOf().ToArbitrary();

    [Property(MaxTest = 25)]
    public Property Entries_always_sum_to_spent_plus_escrowed_and_no_job_is_settled_twice_on_sqlite() =>
        Prop.ForAll(Histories(), steps => CheckHistoryAsync(TestDatabase.Sqlite, steps).GetAwaiter().GetResult());

    [Property(MaxTest = 25)]
    public Property Entries_always_sum_to_spent_plus_escrowed_and_no_job_is_settled_twice_on_postgres() =>
        Prop.ForAll(Histories(), steps => CheckHistoryAsync(TestDatabase.Postgres, steps).GetAwaiter().GetResult());

    private static async Task<bool> CheckHistoryAsync(string provider, Step[] steps)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var jobs = new SqlJobStore(db.Database);
        var ledger = new SqlLedgerStore(db.Database);
        var records = new Dictionary<int, JobRecord>();
        var expectedSpent = 0m;
        var at = T0;
        foreach (var step in steps)
        {
            at = at.AddSeconds(1);
            if (!records.TryGetValue(step.Job, out var job))
            {
                var estimate = step.CostCents / 100m;
                job = SqlJobStoreTests.NewJob(at) with { Spec = SqlJobStoreTests.NewJob(at).Spec with { EstimatedCost = estimate } };
                await jobs.InsertAsync(job, new JobTransition(null, JobState.Queued, at, "submitted"), [Entry(job, LedgerKind.Escrow, estimate, at)]);
                records[step.Job] = job;
                continue;
            }
            if (job.State.IsTerminal())
            {
                // A second settlement of a finished job must be refused by the store, whatever its amount.
                var duplicate = job with { Version = job.Version + 1 };
                await Assert.ThrowsAnyAsync<Exception>(() => jobs.UpdateAsync(duplicate, job.Version,
                    new JobTransition(job.State, job.State, at, "again"), null, [Entry(job, LedgerKind.Release, job.Spec.EstimatedCost, at)]));
                continue;
            }
            var (state, entries, charged) = step.Action switch
            {
                0 when job.State == JobState.Queued => (JobState.Running, Array.Empty<LedgerEntry>(), 0m),
                1 when job.State == JobState.Running => (JobState.Completed,
                    [Entry(job, LedgerKind.Release, job.Spec.EstimatedCost, at), Entry(job, LedgerKind.Charge, step.CostCents / 100m, at)], step.CostCents / 100m),
                2 when job.State == JobState.Running => (JobState.Failed, [Entry(job, LedgerKind.Release, job.Spec.EstimatedCost, at)], 0m),
                3 => (JobState.Cancelled, [Entry(job, LedgerKind.Release, job.Spec.EstimatedCost, at)], 0m),
                _ => (job.State, Array.Empty<LedgerEntry>(), 0m),
            };
            if (state == job.State)
            {
                continue;
            }
            var next = job with { State = state, Version = job.Version + 1 };
            await jobs.UpdateAsync(next, job.Version, new JobTransition(job.State, state, at, "step"), null, entries);
            records[step.Job] = next;
            expectedSpent += charged;
        }

        var all = await ledger.QueryAsync(new LedgerQuery());
        var sum = all.Sum(e => e.Kind == LedgerKind.Release ? -e.Amount : e.Amount);
        var totals = await ledger.ProjectTotalsAsync("skku", T0, T0.AddYears(1));
        var spent = totals.Sum(t => t.Spent);
        var escrowed = totals.Sum(t => t.Escrowed);
        var expectedEscrowed = records.Values.Where(r => !r.State.IsTerminal()).Sum(r => r.Spec.EstimatedCost);
        var onePerKind = all.GroupBy(e => (e.JobId, e.Kind)).All(g => g.Count() == 1);
        var open = await ledger.OpenEscrowsAsync("skku");
        return sum == spent + escrowed && spent == expectedSpent && escrowed == expectedEscrowed && onePerKind
            && open.Select(e => e.JobId).ToHashSet().SetEquals(records.Values.Where(r => !r.State.IsTerminal()).Select(r => r.Id));
    }

    private static LedgerEntry Entry(JobRecord job, LedgerKind kind, decimal amount, DateTimeOffset at) =>
        new(job.Id, kind, job.Spec.InstitutionId, job.Spec.ProjectId, job.Spec.OwnerId, job.Spec.DeviceId!, amount, at);
}
