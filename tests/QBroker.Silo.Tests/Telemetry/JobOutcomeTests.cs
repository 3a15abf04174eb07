using QBroker.Contracts.Jobs;
using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

public sealed class JobOutcomeTests
{
    [Theory]
    [InlineData(JobState.Running, JobState.Completed, JobOutcome.Completed)]
    [InlineData(JobState.Running, JobState.Failed, JobOutcome.Failed)]
    [InlineData(JobState.Queued, JobState.Cancelled, JobOutcome.Cancelled)]
    [InlineData(JobState.Running, JobState.Cancelled, JobOutcome.Cancelled)]
    [InlineData(JobState.Running, JobState.Retrying, JobOutcome.Retried)]
    public void Terminal_transitions_and_retries_are_outcomes(JobState from, JobState to, string expected) =>
        Assert.Equal(expected, JobOutcome.Of(from, to));

    [Theory]
    [InlineData(JobState.Queued, JobState.Running)]
    [InlineData(JobState.Retrying, JobState.Running)]
    public void Starting_to_run_is_not_an_outcome(JobState from, JobState to) => Assert.Null(JobOutcome.Of(from, to));

    [Fact]
    public void Submission_is_not_an_outcome() => Assert.Null(JobOutcome.Of(null, JobState.Queued));
}
