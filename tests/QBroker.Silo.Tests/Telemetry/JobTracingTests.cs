using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// One trace per job: every span the broker records for a job, from the submission through the grains to the
/// device's execution and the settlement, carries the job's trace id. Listens in process; spans are told apart by
/// trace id, so other tests' jobs do not interfere.
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class JobTracingTests
{
    [Fact]
    public async Task A_completed_job_leaves_one_trace_with_submit_queue_dispatch_execute_and_settle_spans()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == QBrokerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var silo = await TestSilo.StartAsync();
        using var client = silo.Researcher("kaist-mchoi");

        var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 50, device = "local-sim" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, job!.Id)).State);

        var traceId = JobTrace.TraceIdOf(Guid.Parse(job.Id));
        string[] expected = ["qbroker.job.submit", "qbroker.job.queued", "qbroker.job.dispatch", "qbroker.job.execute", "qbroker.job.settle"];
        // The settle span is recorded right after the durable write the API already reads: allow it a moment.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<Activity> mine;
        do
        {
            mine = [.. spans.Where(s => s.TraceId.ToHexString() == traceId)];
            if (expected.All(name => mine.Any(s => s.OperationName == name)))
            {
                break;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(expected.Order(), mine.Select(s => s.OperationName).Order());
        var root = JobTrace.ParentOf(Guid.Parse(job.Id)).SpanId;
        Assert.All(mine, s => Assert.Equal(root, s.ParentSpanId));
        Assert.All(mine, s => Assert.Equal(job.Id, s.GetTagItem("messaging.message.id")));
        var submit = mine.Single(s => s.OperationName == "qbroker.job.submit");
        Assert.Equal(ActivityKind.Producer, submit.Kind);
        // Whatever span was current at submission (none without Orleans' activity propagation) stays in its own trace.
        Assert.All(submit.Links, link => Assert.NotEqual(traceId, link.Context.TraceId.ToHexString()));
        var execute = mine.Single(s => s.OperationName == "qbroker.job.execute");
        Assert.Equal(ActivityKind.Consumer, execute.Kind);
        Assert.Equal("local-sim", execute.GetTagItem("messaging.destination.name"));
        var queued = mine.Single(s => s.OperationName == "qbroker.job.queued");
        Assert.True(queued.StartTimeUtc <= execute.StartTimeUtc + execute.Duration, "queueing ends when an execution starts");
        Assert.Equal(JobOutcome.Completed, mine.Single(s => s.OperationName == "qbroker.job.settle").GetTagItem(QBrokerTelemetry.OutcomeTag));
    }
}
