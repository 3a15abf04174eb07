using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using QBroker.Grains.Telemetry;
using QBroker.Silo.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// One trace per job, rooted at the HTTP request that submitted it: with Orleans' activity propagation the submit span
/// hangs under the request (through Orleans' grain-call spans), and every later span of the job (queueing, dispatch,
/// execution, settlement) under the submit span, with the grain calls made during the execution inside it. Listens in
/// process to ASP.NET Core's, Orleans' and the broker's sources; the job's trace is found by its job id.
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class JobTracingTests
{
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    [Fact]
    public async Task A_completed_job_leaves_one_trace_rooted_at_its_HTTP_request()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == QBrokerTelemetry.Name || source.Name == AspNetCoreSource
                || TelemetryHostingExtensions.OrleansSources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var silo = await TestSilo.StartAsync();
        using var client = silo.Researcher("kaist-mchoi");

        var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 50, device = "local-sim" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, job!.Id)).State);

        string[] expected = ["qbroker.job.submit", "qbroker.job.queued", "qbroker.job.dispatch", "qbroker.job.execute", "qbroker.job.settle"];
        // The settle span is recorded right after the durable write the API already reads: allow it a moment.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<Activity> trace;
        do
        {
            var submit = spans.FirstOrDefault(s => s.OperationName == "qbroker.job.submit" && (string?)s.GetTagItem("messaging.message.id") == job.Id);
            trace = submit is null ? [] : [.. spans.Where(s => s.TraceId == submit.TraceId)];
            if (expected.All(name => trace.Any(s => s.OperationName == name)) && trace.Any(s => s.Source.Name == AspNetCoreSource))
            {
                break;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(expected.Order(), trace.Where(s => s.Source.Name == QBrokerTelemetry.Name).Select(s => s.OperationName).Order());
        var root = Assert.Single(trace, s => s.ParentSpanId == default);
        Assert.Equal((AspNetCoreSource, ActivityKind.Server), (root.Source.Name, root.Kind));
        // Every span reaches the root through spans of the same trace: none hangs under a missing parent.
        var byId = trace.ToDictionary(s => s.SpanId);
        Assert.All(trace, s => Assert.Equal(root.SpanId, RootOf(s, byId)));

        var submitSpan = trace.Single(s => s.OperationName == "qbroker.job.submit");
        Assert.Equal(ActivityKind.Producer, submitSpan.Kind);
        Assert.Contains(TelemetryHostingExtensions.OrleansSources, source => source == byId[submitSpan.ParentSpanId].Source.Name);
        Assert.All(trace.Where(s => s.Source.Name == QBrokerTelemetry.Name && s != submitSpan),
            s => Assert.Equal(submitSpan.SpanId, s.ParentSpanId));
        Assert.All(trace.Where(s => s.Source.Name == QBrokerTelemetry.Name), s => Assert.Equal(job.Id, s.GetTagItem("messaging.message.id")));

        var execute = trace.Single(s => s.OperationName == "qbroker.job.execute");
        Assert.Equal(ActivityKind.Consumer, execute.Kind);
        Assert.Equal("local-sim", execute.GetTagItem("messaging.destination.name"));
        // The device records the outcome through the job grain from inside the execution span.
        Assert.Contains(trace, s => s.ParentSpanId == execute.SpanId && TelemetryHostingExtensions.OrleansSources.Contains(s.Source.Name));
        var queued = trace.Single(s => s.OperationName == "qbroker.job.queued");
        Assert.True(queued.StartTimeUtc <= execute.StartTimeUtc + execute.Duration, "queueing ends when an execution starts");
        Assert.Equal(JobOutcome.Completed, trace.Single(s => s.OperationName == "qbroker.job.settle").GetTagItem(QBrokerTelemetry.OutcomeTag));
    }

    private static ActivitySpanId RootOf(Activity span, Dictionary<ActivitySpanId, Activity> byId)
    {
        var current = span;
        while (current.ParentSpanId != default)
        {
            if (!byId.TryGetValue(current.ParentSpanId, out var parent))
            {
                return current.ParentSpanId;
            }
            current = parent;
        }
        return current.SpanId;
    }
}
