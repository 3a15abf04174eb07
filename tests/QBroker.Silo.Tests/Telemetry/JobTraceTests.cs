using System.Diagnostics;
using QBroker.Contracts.Jobs;
using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

public sealed class JobTraceTests
{
    private static readonly Guid JobId = Guid.Parse("01a21066-cf12-7bc2-b5a9-d3ba85a0c301");

    [Fact]
    public void A_job_submitted_under_a_span_continues_that_spans_trace()
    {
        var submit = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var traceParent = $"00-{submit.TraceId.ToHexString()}-{submit.SpanId.ToHexString()}-01";

        var parent = JobTrace.ParentOf(Job(traceParent));

        Assert.Equal((submit.TraceId, submit.SpanId, ActivityTraceFlags.Recorded, true),
            (parent.TraceId, parent.SpanId, parent.TraceFlags, parent.IsRemote));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not a traceparent")]
    public void A_job_without_a_recorded_span_gets_a_trace_that_reads_like_its_id(string? traceParent)
    {
        var parent = JobTrace.ParentOf(Job(traceParent));

        Assert.Equal("01a21066cf127bc2b5a9d3ba85a0c301", parent.TraceId.ToHexString());
        Assert.Equal(parent, JobTrace.Derived(JobId));
        Assert.Equal(ActivityTraceFlags.Recorded, parent.TraceFlags);
        Assert.NotEqual(default, parent.SpanId);
    }

    [Fact]
    public void Derived_traces_of_different_jobs_differ()
    {
        var random = new Random(7);
        var bytes = new byte[16];
        random.NextBytes(bytes);

        Assert.NotEqual(JobTrace.Derived(JobId).TraceId, JobTrace.Derived(new Guid(bytes)).TraceId);
    }

    private static JobRecord Job(string? traceParent) => new()
    {
        Id = JobId,
        State = JobState.Queued,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Spec = new JobSpec
        {
            Kind = "circuit",
            Payload = "OPENQASM 2.0;",
            Shots = 1,
            OwnerId = "r",
            InstitutionId = "i",
            ProjectId = "p",
            ContentHash = "h",
            TraceParent = traceParent,
        },
    };
}
