using QBroker.Cluster.Tests.History;
using QBroker.Contracts.Accounting;
using QBroker.Contracts.Jobs;

namespace QBroker.Cluster.Tests;

/// <summary>The checker on hand-made histories: a correct one passes, and each kind of damage is named.</summary>
public sealed class HistoryCheckerTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_correct_history_passes()
    {
        var (acks, final) = Good();
        var verdict = HistoryChecker.Check(acks, final);
        Assert.True(verdict.Passed, verdict.Summary());
        Assert.Equal(3, verdict.Acknowledged);
    }

    [Fact]
    public void A_stored_but_unacknowledged_job_that_ended_properly_is_allowed()
    {
        var (acks, final) = Good();
        var verdict = HistoryChecker.Check(acks.Skip(1).ToList(), final);
        Assert.True(verdict.Passed, verdict.Summary());
        Assert.Equal(2, verdict.Acknowledged);
        Assert.Equal(3, verdict.Stored);
    }

    [Fact]
    public void An_acknowledged_job_missing_from_the_store_is_lost()
    {
        var (acks, final) = Good();
        var lost = acks[1].JobId;
        var damaged = final with
        {
            Jobs = [.. final.Jobs.Where(job => job.JobId != lost)],
            Ledger = [.. final.Ledger.Where(line => line.JobId != lost)],
        };
        AssertViolation(acks, damaged, $"job {lost} was acknowledged but is not in the store (lost)");
        Assert.Equal(lost, Assert.Single(HistoryChecker.Check(acks, damaged).Lost));
    }

    [Fact]
    public void A_job_recorded_in_two_stores_is_refused()
    {
        var (acks, final) = Good();
        var id = acks[2].JobId;
        var damaged = final with { Jobs = [.. final.Jobs, final.Jobs.Single(job => job.JobId == id)] };
        AssertViolation(acks, damaged, $"job {id} is recorded 2 times (more than one store holds it)");
    }

    [Fact]
    public void A_job_left_running_is_not_terminal()
    {
        var (acks, final) = Good();
        var id = acks[0].JobId;
        var damaged = Replace(final, id, job => job with
        {
            State = JobState.Running,
            Transitions = [Submitted(), Transition(JobState.Queued, JobState.Running)],
        }, ledger => ledger.Where(line => line.Kind == LedgerKind.Escrow));
        AssertViolation(acks, damaged, $"job {id} ended the run running, not in a terminal state");
    }

    [Fact]
    public void Two_terminal_transitions_are_refused()
    {
        var (acks, final) = Good();
        var id = acks[0].JobId;
        var damaged = Replace(final, id, job => job with
        {
            Transitions = [.. job.Transitions, Transition(JobState.Completed, JobState.Completed)],
        });
        AssertViolation(acks, damaged, $"job {id} has 2 terminal transitions");
    }

    [Fact]
    public void A_charge_recorded_twice_is_refused()
    {
        var (acks, final) = Good();
        var id = acks[0].JobId;
        var damaged = final with { Ledger = [.. final.Ledger, Line(id, LedgerKind.Charge, 1.5m)] };
        AssertViolation(acks, damaged, $"job {id} ended completed with 2 charges, expected 1");
    }

    [Fact]
    public void A_failed_job_that_was_charged_is_refused()
    {
        var (acks, final) = Good();
        var failed = acks[2].JobId;
        var damaged = final with { Ledger = [.. final.Ledger, Line(failed, LedgerKind.Charge, 2m)] };
        AssertViolation(acks, damaged, $"job {failed} ended failed with 1 charges, expected 0");
    }

    [Fact]
    public void A_terminal_job_never_settled_is_refused()
    {
        var (acks, final) = Good();
        var id = acks[1].JobId;
        var damaged = Replace(final, id, job => job, ledger => ledger.Where(line => line.Kind != LedgerKind.Release));
        AssertViolation(acks, damaged, $"job {id} ended cancelled with 0 releases of its escrow, not one (settled never)");
    }

    [Fact]
    public void An_escrow_different_from_the_acknowledged_one_is_refused()
    {
        var (acks, final) = Good();
        var changed = acks.Select((ack, i) => i == 0 ? ack with { Escrow = 9m } : ack).ToList();
        AssertViolation(changed, final, $"job {acks[0].JobId} escrowed 2 but was acknowledged with 9");
    }

    [Fact]
    public void One_client_token_acknowledged_as_two_jobs_is_refused()
    {
        var (acks, final) = Good();
        var reused = acks.Select((ack, i) => i == 1 ? ack with { ClientToken = acks[0].ClientToken } : ack).ToList();
        AssertViolation(reused, final, $"client token {acks[0].ClientToken} was acknowledged as 2 different jobs");
    }

    [Fact]
    public void A_queue_not_drained_is_refused()
    {
        var (acks, final) = Good();
        AssertViolation(acks, final with { QueuedOrRunning = 4 }, "the scheduler still holds 4 queued or running jobs");
    }

    [Fact]
    public void A_state_that_disagrees_with_the_last_transition_is_refused()
    {
        var (acks, final) = Good();
        var id = acks[0].JobId;
        var damaged = Replace(final, id, job => job with { State = JobState.Failed },
            ledger => ledger.Where(line => line.Kind != LedgerKind.Charge));
        AssertViolation(acks, damaged, $"job {id} is failed but its terminal transition says completed");
    }

    [Fact]
    public void A_charge_that_differs_from_the_recorded_cost_is_refused()
    {
        var (acks, final) = Good();
        var id = acks[0].JobId;
        var damaged = Replace(final, id, job => job, ledger => ledger.Select(line => line.Kind == LedgerKind.Charge ? line with { Amount = 1.75m } : line));
        AssertViolation(acks, damaged, $"job {id} was charged 1.75 but its completion recorded a cost of 1.5");
    }

    [Fact]
    public void A_release_smaller_than_the_escrow_is_refused()
    {
        var (acks, final) = Good();
        var id = acks[1].JobId;
        var damaged = Replace(final, id, job => job, ledger => ledger.Select(line => line.Kind == LedgerKind.Release ? line with { Amount = 1m } : line));
        AssertViolation(acks, damaged, $"job {id} released 1 of an escrow of 3");
    }

    [Fact]
    public void An_escrow_that_differs_from_the_estimate_on_the_record_is_refused()
    {
        var (acks, final) = Good();
        var id = acks[2].JobId;
        // Not acknowledged (its reply was lost), so only the record can say what the escrow should have been.
        var damaged = Replace(final, id, job => job with { EstimatedCost = 5m });
        AssertViolation([.. acks.Where(ack => ack.JobId != id)], damaged, $"job {id} escrowed 4 but its record estimates 5");
    }

    [Fact]
    public void A_completion_without_a_stored_result_is_refused()
    {
        var (acks, final) = Good();
        var id = acks[0].JobId;
        AssertViolation(acks, Replace(final, id, job => job with { HasResult = false }), $"job {id} completed without a stored result");
    }

    [Fact]
    public void A_lost_execution_and_its_late_original_both_settling_is_refused()
    {
        // The history a missing attempt check would leave: the original execution completed after its retry had,
        // so the job was completed, charged and released twice.
        var (acks, final) = Good();
        var id = acks[0].JobId;
        var damaged = Replace(final, id, job => job with { Transitions = [.. job.Transitions, Transition(JobState.Running, JobState.Completed)] },
            ledger => [.. ledger, Line(id, LedgerKind.Release, 2m), Line(id, LedgerKind.Charge, 1.5m)]);
        var verdict = HistoryChecker.Check(acks, damaged);
        Assert.Contains(verdict.Violations, violation => violation.StartsWith($"job {id} has 2 terminal transitions", StringComparison.Ordinal));
        Assert.Contains(verdict.Violations, violation => violation.StartsWith($"job {id} ended completed with 2 releases", StringComparison.Ordinal));
        Assert.Contains(verdict.Violations, violation => violation.StartsWith($"job {id} ended completed with 2 charges", StringComparison.Ordinal));
    }

    /// <summary>Three acknowledged jobs: one completed after a lost execution, one cancelled, one failed.</summary>
    private static (List<AcknowledgedSubmission> Acks, FinalState Final) Good()
    {
        var completed = Guid.Parse("00000000-0000-0000-0000-000000000001");
        var cancelled = Guid.Parse("00000000-0000-0000-0000-000000000002");
        var failed = Guid.Parse("00000000-0000-0000-0000-000000000003");
        var acks = new List<AcknowledgedSubmission>
        {
            new(completed, "token-1", 2m),
            new(cancelled, "token-2", 3m),
            new(failed, "token-3", 4m),
        };
        var jobs = new List<StoredJob>
        {
            new(completed, JobState.Completed,
            [
                Submitted(), Transition(JobState.Queued, JobState.Running), Transition(JobState.Running, JobState.Retrying),
                Transition(JobState.Retrying, JobState.Running), Transition(JobState.Running, JobState.Completed),
            ], EstimatedCost: 2m, ActualCost: 1.5m, HasResult: true),
            new(cancelled, JobState.Cancelled, [Submitted(), Transition(JobState.Queued, JobState.Cancelled)], 3m, null, HasResult: false),
            new(failed, JobState.Failed, [Submitted(), Transition(JobState.Queued, JobState.Running), Transition(JobState.Running, JobState.Failed)],
                4m, null, HasResult: false),
        };
        var ledger = new List<LedgerEntry>
        {
            Line(completed, LedgerKind.Escrow, 2m), Line(completed, LedgerKind.Release, 2m), Line(completed, LedgerKind.Charge, 1.5m),
            Line(cancelled, LedgerKind.Escrow, 3m), Line(cancelled, LedgerKind.Release, 3m),
            Line(failed, LedgerKind.Escrow, 4m), Line(failed, LedgerKind.Release, 4m),
        };
        return (acks, new FinalState(jobs, ledger, 0));
    }

    private static FinalState Replace(FinalState final, Guid id, Func<StoredJob, StoredJob> job, Func<IEnumerable<LedgerEntry>, IEnumerable<LedgerEntry>>? ledger = null) =>
        final with
        {
            Jobs = [.. final.Jobs.Select(stored => stored.JobId == id ? job(stored) : stored)],
            Ledger = [.. final.Ledger.Where(line => line.JobId != id), .. (ledger ?? (lines => lines))(final.Ledger.Where(line => line.JobId == id))],
        };

    private static void AssertViolation(IReadOnlyList<AcknowledgedSubmission> acks, FinalState final, string expected)
    {
        var verdict = HistoryChecker.Check(acks, final);
        Assert.False(verdict.Passed);
        Assert.Contains(verdict.Violations, violation => violation.StartsWith(expected, StringComparison.Ordinal));
    }

    private static JobTransition Submitted() => new(null, JobState.Queued, At, "submitted");

    private static JobTransition Transition(JobState from, JobState to) => new(from, to, At, "test");

    private static LedgerEntry Line(Guid id, LedgerKind kind, decimal amount) => new(id, kind, "skku", "skku-qec", "skku-jkim", "local-sim", amount, At);
}
