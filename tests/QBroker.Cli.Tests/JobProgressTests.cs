using QBroker.Cli.Tests.Support;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Cli.Tests;

public sealed class JobProgressTests
{
    [Fact]
    public void The_first_view_is_news() => Assert.True(JobProgress.HasChanged(null, SampleViews.Job("j")));

    [Fact]
    public void The_same_view_is_not_news()
    {
        var job = SampleViews.Job("j", JobStates.Queued, 4);
        Assert.False(JobProgress.HasChanged(job, job with { Transitions = [] }));
    }

    [Fact]
    public void State_position_eta_device_and_attempts_are_news()
    {
        var job = SampleViews.Job("j", JobStates.Queued, 4);
        Assert.True(JobProgress.HasChanged(job, job with { State = JobStates.Running }));
        Assert.True(JobProgress.HasChanged(job, job with { QueuePosition = 3 }));
        Assert.True(JobProgress.HasChanged(job, job with { EstimatedStart = job.EstimatedStart!.Value.AddSeconds(5) }));
        Assert.True(JobProgress.HasChanged(job, job with { Device = "ibm-65" }));
        Assert.True(JobProgress.HasChanged(job, job with { Attempts = 2 }));
    }
}
