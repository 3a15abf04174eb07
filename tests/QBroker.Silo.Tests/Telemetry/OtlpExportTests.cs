using System.Net;
using System.Text.Json;
using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// Traces and logs exported over OTLP (gRPC), configured only by the standard OTEL_* variables, reach a real receiver
/// and come back through its API: one trace per job with the expected spans, and the job's log lines carrying its
/// trace id. The variables are process-wide, so this runs in the collection that runs alone.
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class OtlpExportTests
{
    private const string ServiceName = "qbroker-otlp-test";

    [Fact]
    public async Task A_jobs_trace_and_logs_reach_an_otlp_receiver()
    {
        await using var dashboard = await AspireDashboard.StartAsync();
        var variables = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.OtlpGrpc.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_SERVICE_NAME"] = ServiceName,
            // Export batches every 200 ms instead of 5 s so the test does not wait on the batch timer.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            // The test silo logs warnings only; the grains' information lines (e.g. "Job … submitted") are the ones
            // written under the job's spans.
            ["Logging__LogLevel__QBroker.Grains"] = "Information",
        };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        string jobId;
        try
        {
            await using var silo = await TestSilo.StartAsync();
            using var client = silo.Researcher("kaist-mchoi");
            var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 20, device = "local-sim" });
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, job!.Id)).State);
            jobId = job.Id;
            // Disposing the silo flushes its exporters.
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        var traceId = JobTrace.TraceIdOf(Guid.Parse(jobId));
        string[] expected = ["qbroker.job.submit", "qbroker.job.queued", "qbroker.job.dispatch", "qbroker.job.execute", "qbroker.job.settle"];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement traces;
        List<string> names;
        do
        {
            traces = await dashboard.GetAsync("/api/telemetry/traces?resource=" + ServiceName);
            names = [.. AspireDashboard.Objects(traces)
                .Where(o => o.TryGetProperty("traceId", out var id) && string.Equals(id.GetString(), traceId, StringComparison.OrdinalIgnoreCase)
                    && o.TryGetProperty("name", out _))
                .Select(o => o.GetProperty("name").GetString()!)];
            if (expected.All(names.Contains))
            {
                break;
            }
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        var broker = names.Where(n => n.StartsWith("qbroker.", StringComparison.Ordinal)).Order();
        Assert.True(expected.Order().SequenceEqual(broker), $"Spans of trace {traceId}: [{string.Join(", ", names)}]");

        var logs = await dashboard.GetAsync("/api/telemetry/logs?resource=" + ServiceName);
        var submitted = Assert.Single(AspireDashboard.Objects(logs), o => o.TryGetProperty("traceId", out var id)
            && string.Equals(id.GetString(), traceId, StringComparison.OrdinalIgnoreCase)
            && o.TryGetProperty("body", out var body) && body.ToString().Contains("submitted", StringComparison.Ordinal));
        // Structured: the job id is a field of the record, not only text in its message.
        Assert.Contains(AspireDashboard.Objects(submitted), o => o.TryGetProperty("key", out var key) && key.GetString() == "JobId");
    }
}
