using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// Traces and logs exported over OTLP, by gRPC and by HTTP/protobuf, configured only by the standard OTEL_* variables,
/// reach a real receiver and come back through its API: one trace per job rooted at its HTTP request with the expected
/// spans, traced QKD blocks and ETSI key deliveries, log records carrying trace and span ids, and no API key or key
/// material in any exported log. The variables are process-wide, so this runs in the collection that runs alone.
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class OtlpExportTests
{
    private static readonly string[] JobSpans = ["qbroker.job.submit", "qbroker.job.queued", "qbroker.job.dispatch", "qbroker.job.execute", "qbroker.job.settle"];

    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task Traces_and_logs_reach_an_otlp_receiver_without_secrets(string protocol)
    {
        await using var dashboard = await AspireDashboard.StartAsync();
        var serviceName = "qbroker-otlp-" + protocol.Replace('/', '-');
        var variables = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = (protocol == "grpc" ? dashboard.OtlpGrpc : dashboard.OtlpHttp).ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
            ["OTEL_SERVICE_NAME"] = serviceName,
            // With grain-call spans, so the key delivery's grain calls are exported inside its span.
            ["QBroker__Telemetry__GrainCallSpans"] = "true",
            // Export batches every 200 ms instead of 5 s so the test does not wait on the batch timer.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            // The test silo logs warnings only; the grains' information and debug lines (e.g. "Job … submitted") are
            // the ones written under the job's spans, and the ones that could carry a key.
            ["Logging__LogLevel__QBroker.Grains"] = "Debug",
            // Fast QKD blocks into small pools, so ETSI keys are there within seconds.
            ["QBroker__Qkd__BlockPeriod"] = "00:00:00.050",
            ["QBroker__Qkd__PoolCapacityBytes"] = "8192",
        };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        string jobId;
        string[] secrets;
        try
        {
            await using var silo = await TestSilo.StartAsync();
            var researcherKey = silo.Keys.Researchers["kaist-mchoi"];
            using var client = silo.Client(researcherKey);
            var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 20, device = "local-sim" });
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, job!.Id)).State);
            jobId = job.Id;

            var (masterKey, slaveKey) = (silo.Keys.Admins["kias"], silo.Keys.Admins["skku"]);
            var keys = await DeliverKeyAsync(silo, masterKey, slaveKey);
            secrets = [researcherKey, masterKey, slaveKey, TestSilo.OperatorKey,
                ApiKeyToken.Identify(researcherKey).Secret, ApiKeyToken.Identify(masterKey).Secret, ApiKeyToken.Identify(slaveKey).Secret,
                .. keys, .. keys.Select(k => Convert.ToHexString(Convert.FromBase64String(k)))];
            // Disposing the silo flushes its exporters.
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        var spans = await WaitForSpansAsync(dashboard, serviceName, jobId);
        var submit = spans.Single(s => Name(s) == "qbroker.job.submit" && Attribute(s, "messaging.message.id") == jobId);
        var trace = spans.Where(s => Text(s, "traceId") == Text(submit, "traceId")).ToList();
        Assert.Equal(JobSpans.Order(), trace.Select(Name).Where(n => n.StartsWith("qbroker.", StringComparison.Ordinal)).Order());
        var root = Assert.Single(trace, s => string.IsNullOrEmpty(Text(s, "parentSpanId")));
        Assert.StartsWith("POST ", Name(root), StringComparison.Ordinal);
        var ids = trace.Select(s => Text(s, "spanId")).ToHashSet();
        Assert.All(trace.Where(s => !string.IsNullOrEmpty(Text(s, "parentSpanId"))),
            s => Assert.Contains(Text(s, "parentSpanId"), ids));

        // QKD blocks are traced (each its own trace, with the link), and so are ETSI key deliveries with the grain
        // calls they make inside them.
        Assert.Contains(spans, s => Name(s) == "qbroker.qkd.block" && Attribute(s, "qbroker.qkd.link") is not null);
        var delivery = spans.First(s => Name(s) == "qbroker.qkd.key_delivery enc_keys");
        Assert.Contains(spans, s => Text(s, "parentSpanId") == Text(delivery, "spanId"));

        var logs = await dashboard.GetAsync("/api/telemetry/logs?resource=" + serviceName);
        var records = AspireDashboard.Objects(logs).Where(o => o.TryGetProperty("body", out _) && o.TryGetProperty("traceId", out _)).ToList();
        var matching = records.Where(o => string.Equals(Text(o, "traceId"), Text(submit, "traceId"), StringComparison.OrdinalIgnoreCase)
            && o.GetProperty("body").ToString().Contains("submitted", StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count == 1, $"Log records of trace {Text(submit, "traceId")}: {logs.ToString()[..Math.Min(2000, logs.ToString().Length)]}");
        var submitted = matching[0];
        Assert.False(string.IsNullOrEmpty(Text(submitted, "spanId")), "the log record carries the span id too");
        // Structured: the job id is a field of the record, not only text in its message.
        Assert.Contains(AspireDashboard.Objects(submitted), o => o.TryGetProperty("key", out var key) && key.GetString() == "JobId");
        // No exported log record or span attribute holds an API key, its secret part, or key material (base64 or hex).
        var traces = await dashboard.GetAsync("/api/telemetry/traces?resource=" + serviceName);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, logs.ToString(), StringComparison.Ordinal));
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, traces.ToString(), StringComparison.Ordinal));
    }

    /// <summary>One key from kias (master) to skku (slave) by enc_keys and dec_keys; returns its bytes in base64.</summary>
    private static async Task<IReadOnlyList<string>> DeliverKeyAsync(TestSilo silo, string masterKey, string slaveKey)
    {
        using var master = silo.Client(masterKey);
        using var slave = silo.Client(slaveKey);
        // Wait on the status endpoint, a request a second, so the exported logs hold few request lines.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await master.GetFromJsonAsync<JsonElement>("/api/v1/keys/skku/status")).GetProperty("stored_key_count").GetInt32() < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "No key from kias to skku within 90 s");
            await Task.Delay(1000);
        }
        var issued = await master.GetAsync("/api/v1/keys/skku/enc_keys?number=1&size=256");
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var key = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keys")[0];
        var keyId = key.GetProperty("key_ID").GetString();
        var fetched = await slave.GetFromJsonAsync<JsonElement>($"/api/v1/keys/kias/dec_keys?key_ID={keyId}");
        Assert.Equal(key.GetProperty("key").GetString(), fetched.GetProperty("keys")[0].GetProperty("key").GetString());
        return [key.GetProperty("key").GetString()!];
    }

    private static async Task<List<JsonElement>> WaitForSpansAsync(AspireDashboard dashboard, string serviceName, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var traces = await dashboard.GetAsync("/api/telemetry/traces?resource=" + serviceName);
            var spans = AspireDashboard.Objects(traces).Where(o => o.TryGetProperty("spanId", out _) && o.TryGetProperty("name", out _)).ToList();
            var submit = spans.FirstOrDefault(s => Name(s) == "qbroker.job.submit" && Attribute(s, "messaging.message.id") == jobId);
            var trace = submit.ValueKind == JsonValueKind.Undefined ? [] : spans.Where(s => Text(s, "traceId") == Text(submit, "traceId")).Select(Name).ToList();
            if ((JobSpans.All(trace.Contains) && trace.Any(n => n.StartsWith("POST ", StringComparison.Ordinal))
                    && spans.Any(s => Name(s) == "qbroker.qkd.key_delivery enc_keys")) || DateTime.UtcNow > deadline)
            {
                return spans;
            }
            await Task.Delay(250);
        }
    }

    private static string Name(JsonElement span) => Text(span, "name") ?? string.Empty;

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An OTLP/JSON string attribute: {"key": name, "value": {"stringValue": ...}}.</summary>
    private static string? Attribute(JsonElement span, string key) =>
        span.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Array
            ? attributes.EnumerateArray()
                .Where(a => a.TryGetProperty("key", out var k) && k.GetString() == key)
                .Select(a => a.GetProperty("value").TryGetProperty("stringValue", out var v) ? v.GetString() : a.GetProperty("value").ToString())
                .FirstOrDefault()
            : null;
}
