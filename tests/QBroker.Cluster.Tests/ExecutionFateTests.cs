using QBroker.Cluster.Tests.History;
using QBroker.Contracts.Jobs;

namespace QBroker.Cluster.Tests;

/// <summary>
/// The hand-over judgement on hand-made histories: an execution a leaving silo finished, one it handed over, and the
/// ones the hand-over test must refuse (abandoned with the silo and recovered later, or finished after it exited).
/// </summary>
public sealed class ExecutionFateTests
{
    private const string Leaving = "127.0.0.1:11111@1";
    private const string Staying = "127.0.0.1:11112@1";
    private static readonly DateTimeOffset Signal = new(2026, 12, 7, 13, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Exit = Signal.AddSeconds(8);

    [Fact]
    public void An_execution_completed_on_the_leaving_silo_before_it_exited_completed_there()
    {
        var job = Job(JobState.Completed, Start(Leaving, -2), Step(JobState.Running, JobState.Completed, 3, "completed on local-sim (test)"));
        Assert.Equal(ExecutionOutcome.CompletedThere, ExecutionFate.Of(job, Leaving, Exit).Outcome);
    }

    [Fact]
    public void An_execution_handed_over_and_completed_on_another_silo_was_handed_over()
    {
        var job = Job(JobState.Completed, Start(Leaving, -2),
            Step(JobState.Running, JobState.Retrying, 6, "handed over: local-sim's silo is shutting down; requeued"),
            Step(JobState.Retrying, JobState.Running, 10, "started on local-sim (attempt 2)", Staying),
            Step(JobState.Running, JobState.Completed, 22, "completed on local-sim (test)"));
        Assert.Equal(ExecutionOutcome.HandedOverAndCompletedElsewhere, ExecutionFate.Of(job, Leaving, Exit).Outcome);
    }

    [Fact]
    public void An_execution_abandoned_with_the_silo_and_recovered_afterwards_is_refused()
    {
        var job = Job(JobState.Completed, Start(Leaving, -2),
            Step(JobState.Running, JobState.Retrying, 12, "execution on local-sim was lost (its silo stopped); requeued"),
            Step(JobState.Retrying, JobState.Running, 13, "started on local-sim (attempt 2)", Staying),
            Step(JobState.Running, JobState.Completed, 25, "completed on local-sim (test)"));
        Assert.Equal(ExecutionOutcome.Other, ExecutionFate.Of(job, Leaving, Exit).Outcome);
    }

    [Fact]
    public void A_completion_recorded_after_the_silo_exited_is_refused()
    {
        var job = Job(JobState.Completed, Start(Leaving, -2), Step(JobState.Running, JobState.Completed, 9, "completed on local-sim (test)"));
        Assert.Equal(ExecutionOutcome.Other, ExecutionFate.Of(job, Leaving, Exit).Outcome);
    }

    [Fact]
    public void A_handed_over_job_that_never_completed_is_refused()
    {
        var job = Job(JobState.Failed, Start(Leaving, -2),
            Step(JobState.Running, JobState.Retrying, 6, "handed over: local-sim's silo is shutting down; requeued"),
            Step(JobState.Retrying, JobState.Running, 10, "started on local-sim (attempt 2)", Staying),
            Step(JobState.Running, JobState.Failed, 12, "failed: test"));
        Assert.Equal(ExecutionOutcome.Other, ExecutionFate.Of(job, Leaving, Exit).Outcome);
    }

    private static JobTransition Start(string silo, double seconds) =>
        Step(JobState.Queued, JobState.Running, seconds, "started on local-sim (attempt 1)", silo);

    private static JobTransition Step(JobState from, JobState to, double seconds, string reason, string? silo = null) =>
        new(from, to, Signal.AddSeconds(seconds), reason, silo);

    private static StoredJob Job(JobState state, params JobTransition[] transitions) =>
        new(Guid.NewGuid(), state, [new JobTransition(null, JobState.Queued, Signal.AddSeconds(-5), "submitted"), .. transitions], 1m, null, HasResult: false);
}
