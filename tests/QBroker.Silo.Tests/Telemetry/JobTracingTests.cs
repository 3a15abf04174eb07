using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using QBroker.Grains.Telemetry;
using QBroker.Silo.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// One trace per job, rooted at the HTTP request that submitted it: the submit span hangs under the request (through the
/// span of the grain call IJobGrain/Submit, or directly with grain-call spans off), and every later span of the job
/// (queueing, dispatch, execution, retries, settlement) under the submit span, with the grain calls made during the
/// execution and the settlement inside them. Listens in process to ASP.NET Core's, the grain calls' and the broker's
/// sources; the job's trace is found by its job id. Grain-call spans are off by default (QBroker:Telemetry:GrainCallSpans).
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class JobTracingTests
{
    private const string AspNetCoreSource = "Microsoft.AspNetCore";

    private static readonly Dictionary<string, string?> WithGrainCallSpans = new() { ["QBroker:Telemetry:GrainCallSpans"] = "true" };

    [Fact]
    public async Task A_completed_job_leaves_one_trace_rooted_at_its_HTTP_request()
    {
        var (spans, trace, jobId) = await TraceOfCompletedJobAsync(WithGrainCallSpans);
        var submitSpan = AssertOneTreeUnderSubmit(trace, jobId, grainCallSpans: true);

        var execute = trace.Single(s => s.OperationName == "qbroker.job.execute");
        Assert.Equal(ActivityKind.Consumer, execute.Kind);
        Assert.Equal("local-sim", execute.GetTagItem("messaging.destination.name"));
        // The device records the outcome through the job grain from inside the execution span.
        var completed = Assert.Single(trace, s => s.ParentSpanId == execute.SpanId && s.Source.Name == GrainCallTracing.SourceName);
        Assert.Equal(("IJobGrain/Complete", ActivityKind.Server), (completed.DisplayName, completed.Kind));
        Assert.Equal(("orleans", "Complete"), (completed.GetTagItem("rpc.system"), completed.GetTagItem("rpc.method")));
        // Grain calls made outside a traced request or job (the scheduler's and slots' loops, the gauge refresher's
        // polls) start no trace of their own.
        Assert.DoesNotContain(spans, s => s.Source.Name == GrainCallTracing.SourceName && s.ParentSpanId == default);
        var queued = trace.Single(s => s.OperationName == "qbroker.job.queued");
        Assert.True(queued.StartTimeUtc <= execute.StartTimeUtc + execute.Duration, "queueing ends when an execution starts");
        var settle = trace.Single(s => s.OperationName == "qbroker.job.settle");
        Assert.Equal(JobOutcome.Completed, settle.GetTagItem(QBrokerTelemetry.OutcomeTag));
        Assert.Equal(submitSpan.SpanId, settle.ParentSpanId);
        AssertSettlementInside(trace, settle);
    }

    [Fact]
    public async Task A_retried_job_keeps_every_attempt_in_its_one_trace()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = Listen(spans);
        await using var silo = await TestSilo.StartAsync(settings: WithGrainCallSpans);
        using var operatorClient = silo.Operator();
        using var client = silo.Researcher("kaist-mchoi");
        // Every execution faults transiently: attempts 1 and 2 are retried, attempt 3 (the default MaxAttempts) fails.
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PatchAsJsonAsync("/api/v1/devices/local-sim", new { faultRate = 1.0 })).StatusCode);

        var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 50, device = "local-sim" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("failed", (await Api.WaitForTerminalAsync(client, job!.Id)).State);

        string[] expected =
        [
            "qbroker.job.submit", "qbroker.job.queued",
            "qbroker.job.dispatch", "qbroker.job.execute", "qbroker.job.retry",
            "qbroker.job.dispatch", "qbroker.job.execute", "qbroker.job.retry",
            "qbroker.job.dispatch", "qbroker.job.execute", "qbroker.job.settle",
        ];
        var trace = await TraceOfAsync(spans, job.Id, expected);

        Assert.Equal(expected.Order(), BrokerSpans(trace).Select(s => s.OperationName).Order());
        AssertOneTreeUnderSubmit(trace, job.Id, grainCallSpans: true);
        // Attempts are numbered from 1: each dispatch and execution names its own, a retry the attempt that faulted.
        Assert.Equal([1, 2, 3], Attempts(trace, "qbroker.job.dispatch"));
        Assert.Equal([1, 2, 3], Attempts(trace, "qbroker.job.execute"));
        Assert.Equal([1, 2], Attempts(trace, "qbroker.job.retry"));
        Assert.All(trace.Where(s => s.OperationName == "qbroker.job.retry"), retry => Assert.Equal(JobOutcome.Retried, retry.GetTagItem(QBrokerTelemetry.OutcomeTag)));
        // Each retry falls between its own execution's start and the next execution's. A transition's time is stored
        // to the millisecond (rounded down), so a retry may read up to 1 ms before the start of the execution that
        // faulted (an injected fault is raised at once).
        var executions = trace.Where(s => s.OperationName == "qbroker.job.execute").OrderBy(s => s.StartTimeUtc).ToList();
        var retries = trace.Where(s => s.OperationName == "qbroker.job.retry").OrderBy(s => s.StartTimeUtc).ToList();
        for (var i = 0; i < retries.Count; i++)
        {
            Assert.InRange(retries[i].StartTimeUtc, executions[i].StartTimeUtc.AddMilliseconds(-1), executions[i + 1].StartTimeUtc);
        }
        var settle = trace.Single(s => s.OperationName == "qbroker.job.settle");
        Assert.Equal(JobOutcome.Failed, settle.GetTagItem(QBrokerTelemetry.OutcomeTag));
        Assert.Equal(ActivityStatusCode.Error, settle.Status);
        Assert.Equal(3, settle.GetTagItem("qbroker.job.attempt"));
        AssertSettlementInside(trace, settle);
    }

    [Fact]
    public async Task By_default_a_job_leaves_one_trace_rooted_at_its_HTTP_request_without_grain_call_spans()
    {
        var (spans, trace, jobId) = await TraceOfCompletedJobAsync(settings: null);
        AssertOneTreeUnderSubmit(trace, jobId, grainCallSpans: false);
        Assert.DoesNotContain(spans, s => s.Source.Name == GrainCallTracing.SourceName);
    }

    /// <summary>
    /// Runs one small job to completion on a test silo with <paramref name="settings"/>; every span recorded meanwhile,
    /// the job's trace (holding exactly the broker spans of a job that completed at its first attempt) and its id.
    /// </summary>
    private static async Task<(IReadOnlyCollection<Activity> Spans, List<Activity> Trace, string JobId)> TraceOfCompletedJobAsync(
        IReadOnlyDictionary<string, string?>? settings)
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = Listen(spans);
        await using var silo = await TestSilo.StartAsync(settings: settings);
        using var client = silo.Researcher("kaist-mchoi");

        var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 50, device = "local-sim" });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, job!.Id)).State);

        string[] expected = ["qbroker.job.submit", "qbroker.job.queued", "qbroker.job.dispatch", "qbroker.job.execute", "qbroker.job.settle"];
        var trace = await TraceOfAsync(spans, job.Id, expected);
        Assert.Equal(expected.Order(), BrokerSpans(trace).Select(s => s.OperationName).Order());
        return (spans, trace, job.Id);
    }

    private static ActivityListener Listen(ConcurrentQueue<Activity> spans)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == QBrokerTelemetry.Name || source.Name == AspNetCoreSource
                || source.Name == GrainCallTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    /// <summary>
    /// The spans of the trace of <paramref name="jobId"/> (found by its submit span) once it holds every broker span of
    /// <paramref name="expected"/> and the HTTP request's span. The last spans are recorded right after the durable
    /// write the API already reads: they get a moment.
    /// </summary>
    private static async Task<List<Activity>> TraceOfAsync(ConcurrentQueue<Activity> spans, string jobId, IReadOnlyList<string> expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<Activity> trace;
        do
        {
            var submit = spans.FirstOrDefault(s => s.OperationName == "qbroker.job.submit" && (string?)s.GetTagItem("messaging.message.id") == jobId);
            trace = submit is null ? [] : [.. spans.Where(s => s.TraceId == submit.TraceId)];
            if (BrokerSpans(trace).Count() >= expected.Count && trace.Any(s => s.Source.Name == AspNetCoreSource))
            {
                break;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        return trace;
    }

    /// <summary>
    /// One root, the HTTP request's server span, reached from every span through spans of the trace; the submit span
    /// under the span of the grain call IJobGrain/Submit (with grain-call spans) or directly under the request's span
    /// (without); every other broker span directly under the submit span and naming the job.
    /// </summary>
    private static Activity AssertOneTreeUnderSubmit(List<Activity> trace, string jobId, bool grainCallSpans)
    {
        var root = Assert.Single(trace, s => s.ParentSpanId == default);
        Assert.Equal((AspNetCoreSource, ActivityKind.Server), (root.Source.Name, root.Kind));
        var byId = trace.ToDictionary(s => s.SpanId);
        Assert.All(trace, s => Assert.Equal(root.SpanId, RootOf(s, byId)));

        var submitSpan = trace.Single(s => s.OperationName == "qbroker.job.submit");
        Assert.Equal(ActivityKind.Producer, submitSpan.Kind);
        var submitParent = byId[submitSpan.ParentSpanId];
        if (grainCallSpans)
        {
            Assert.Equal((GrainCallTracing.SourceName, "IJobGrain/Submit"), (submitParent.Source.Name, submitParent.DisplayName));
            Assert.Equal(root.SpanId, submitParent.ParentSpanId);
        }
        else
        {
            Assert.Equal(root, submitParent);
        }
        Assert.All(BrokerSpans(trace).Where(s => s != submitSpan), s => Assert.Equal(submitSpan.SpanId, s.ParentSpanId));
        Assert.All(BrokerSpans(trace), s => Assert.Equal(jobId, s.GetTagItem("messaging.message.id")));
        return submitSpan;
    }

    /// <summary>
    /// The settlement span covers the settlement's work rather than marking an instant: the budget grain hears of it
    /// (a grain call) from inside the span, within its start and end.
    /// </summary>
    private static void AssertSettlementInside(List<Activity> trace, Activity settle)
    {
        var notified = Assert.Single(trace, s => s.ParentSpanId == settle.SpanId && s.Source.Name == GrainCallTracing.SourceName);
        Assert.Contains("Settled", notified.DisplayName, StringComparison.Ordinal);
        Assert.True(settle.StartTimeUtc <= notified.StartTimeUtc && notified.StartTimeUtc + notified.Duration <= settle.StartTimeUtc + settle.Duration,
            $"settlement {settle.StartTimeUtc:O} + {settle.Duration}, budget call {notified.StartTimeUtc:O} + {notified.Duration}");
    }

    private static IEnumerable<Activity> BrokerSpans(IEnumerable<Activity> trace) => trace.Where(s => s.Source.Name == QBrokerTelemetry.Name);

    private static int[] Attempts(List<Activity> trace, string name) =>
        [.. trace.Where(s => s.OperationName == name).Select(s => (int)s.GetTagItem("qbroker.job.attempt")!).Order()];

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
