using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

public sealed class JobTraceTests
{
    [Fact]
    public void The_trace_id_reads_like_the_job_id()
    {
        var jobId = Guid.Parse("01a21066-cf12-7bc2-b5a9-d3ba85a0c301");

        Assert.Equal("01a21066cf127bc2b5a9d3ba85a0c301", JobTrace.TraceIdOf(jobId));
    }

    [Fact]
    public void Every_span_of_a_job_has_the_same_sampled_parent_and_other_jobs_another()
    {
        var random = new Random(7);
        var bytes = new byte[32];
        random.NextBytes(bytes);
        var jobId = new Guid(bytes.AsSpan(0, 16));
        var other = new Guid(bytes.AsSpan(16, 16));

        var parent = JobTrace.ParentOf(jobId);

        Assert.Equal(parent, JobTrace.ParentOf(jobId));
        Assert.NotEqual(parent.TraceId, JobTrace.ParentOf(other).TraceId);
        Assert.True(parent.IsRemote);
        Assert.Equal(System.Diagnostics.ActivityTraceFlags.Recorded, parent.TraceFlags);
        Assert.NotEqual(default, parent.SpanId);
    }
}
