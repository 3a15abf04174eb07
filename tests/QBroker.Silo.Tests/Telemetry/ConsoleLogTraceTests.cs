using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QBroker.Client.Api;
using QBroker.Silo.Accounts;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// With the console settings the Kubernetes base ships (JSON formatter with its scopes, k8s/silo/deployment.yaml), a
/// log line written for a request carries the request's trace id and the span it was written under. A real silo
/// process, its standard output read line by line; the job is submitted under a W3C traceparent the test chose, so the
/// expected trace id is known.
/// </summary>
public sealed class ConsoleLogTraceTests
{
    private static readonly Dictionary<string, string> ShippedConsoleSettings = new()
    {
        ["Logging__Console__FormatterName"] = "json",
        ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
        // "Job {JobId} submitted" is written at Debug, inside the job's submit span.
        ["Logging__LogLevel__QBroker.Grains.Jobs"] = "Debug",
    };

    [Fact]
    public async Task A_JSON_console_line_written_for_a_request_carries_its_trace_and_span_ids()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "qbroker-console-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var silo = await SiloProcess.StartAsync(dataDir, deviceTimeScale: 0, ShippedConsoleSettings);
            var keys = JsonSerializer.Deserialize<DemoKeys>(await File.ReadAllTextAsync(Path.Combine(dataDir, DemoKeys.FileName)), Api.Json)!;
            using var client = silo.Client(keys.Researchers["kias-sylee"]);
            var traceId = ActivityTraceId.CreateRandom();
            var callerSpanId = ActivitySpanId.CreateRandom();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs")
            {
                Content = JsonContent.Create(new { qasm = Api.Ghz3, shots = 10, device = "local-sim" }, options: Api.Json),
            };
            request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{callerSpanId.ToHexString()}-01");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var job = (await response.Content.ReadFromJsonAsync<JobView>(Api.Json))!;

            var line = await SubmittedLineAsync(silo, Guid.Parse(job.Id));

            var activity = Assert.Single(line.GetProperty("Scopes").EnumerateArray(),
                scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out _));
            Assert.Equal(traceId.ToHexString(), activity.GetProperty("TraceId").GetString());
            var spanId = activity.GetProperty("SpanId").GetString();
            Assert.Matches("^[0-9a-f]{16}$", spanId);
            // The span is the silo's own (the submit span), not the caller's.
            Assert.NotEqual(callerSpanId.ToHexString(), spanId);
        }
        finally
        {
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the exiting process; the temp folder is harmless.
            }
        }
    }

    /// <summary>The job grain's "submitted" line for <paramref name="jobId"/>, once the console has written it.</summary>
    private static async Task<JsonElement> SubmittedLineAsync(SiloProcess silo, Guid jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            foreach (var text in silo.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!text.StartsWith('{'))
                {
                    continue;
                }
                using var line = JsonDocument.Parse(text);
                var root = line.RootElement;
                if (root.GetProperty("Category").GetString() == "QBroker.Grains.Jobs.JobGrain"
                    && root.GetProperty("State").TryGetProperty("JobId", out var id) && Guid.TryParse(id.GetString(), out var logged) && logged == jobId)
                {
                    return root.Clone();
                }
            }
            Assert.True(DateTime.UtcNow < deadline, $"No console line for job {jobId}:\n{silo.Output}");
            await Task.Delay(100);
        }
    }
}
