using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// A real Prometheus scrapes a real silo's /metrics while a known workload runs, and the broker's series are asserted
/// through Prometheus' own HTTP API. Counters are process-wide (one static meter), so this collection runs alone:
/// no other test's silo adds jobs while it counts.
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class PrometheusScrapeTests
{
    private const int Jobs = 3;
    private const string Device = "local-sim";
    private const string Researcher = "skku-jkim";
    private const string Institution = "skku";

    /// <summary>Scrapes every 1 s and gauges refresh every 5 s (the default): 30 s is generous even on a loaded machine.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Prometheus_scrapes_the_silo_and_sees_the_workload_counted()
    {
        await using var silo = await TestSilo.StartAsync();
        // The job name the cluster's scrape configuration gives silos, so the dashboard's queries run as shipped.
        await using var prometheus = await PrometheusServer.StartAsync(silo.BaseAddress.Authority, "/metrics", "qbroker-silo");

        using var client = silo.Researcher(Researcher);
        for (var i = 0; i < Jobs; i++)
        {
            var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 100, device = Device });
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, job!.Id)).State);
        }

        await AssertTargetUpAsync(prometheus);
        await AssertEventuallyAsync(prometheus, "sum(qbroker_jobs_submitted_total)", Jobs);
        await AssertEventuallyAsync(prometheus,
            $"sum(qbroker_jobs_outcomes_total{{qbroker_job_outcome=\"completed\",qbroker_device=\"{Device}\",qbroker_institution=\"{Institution}\"}})", Jobs);
        await AssertEventuallyAsync(prometheus, "sum(qbroker_jobs_outcomes_total{qbroker_job_outcome!=\"completed\"}) or vector(0)", 0);
        await AssertEventuallyAsync(prometheus, $"sum(qbroker_job_queue_wait_duration_seconds_count{{qbroker_device=\"{Device}\"}})", Jobs);
        await AssertEventuallyAsync(prometheus, $"sum(qbroker_job_run_duration_seconds_count{{qbroker_device=\"{Device}\"}})", Jobs);
        // The explicit boundaries reach the exporter (the .NET default would end at le="10000", meant for milliseconds).
        // Scraped as OpenMetrics, boundaries may read "86400.0", hence the patterns.
        await AssertEventuallyAsync(prometheus, $"sum(qbroker_job_queue_wait_duration_seconds_bucket{{le=~\"86400(\\\\.0)?\",qbroker_device=\"{Device}\"}})", Jobs);
        await AssertEventuallyAsync(prometheus, "count(qbroker_job_queue_wait_duration_seconds_bucket{le=~\"10000(\\\\.0)?\"}) or vector(0)", 0);

        // Gauges fed by the refresher: the queue drained, the device online, the institution charged.
        await AssertEventuallyAsync(prometheus, $"qbroker_queue_depth{{qbroker_device=\"{Device}\"}}", 0);
        await AssertEventuallyAsync(prometheus, $"qbroker_device_status{{qbroker_device=\"{Device}\",qbroker_device_status=\"online\"}}", 1);
        await AssertEventuallyAsync(prometheus, $"qbroker_device_status{{qbroker_device=\"{Device}\",qbroker_device_status=\"offline\"}}", 0);
        await AssertEventuallyAsync(prometheus, $"qbroker_credits_spent{{qbroker_institution=\"{Institution}\"}} > bool 0", 1);

        // Orleans' own meter is exported beside the broker's.
        await AssertEventuallyAsync(prometheus, "count(count by (__name__) ({otel_scope_name=\"Microsoft.Orleans\"})) > bool 0", 1);

        // Every query of the shipped Grafana dashboard runs on this Prometheus; those over the broker's own series
        // return data after the workload. ($__rate_interval becomes 1m, as Grafana picks at short scrape intervals.)
        foreach (var query in DashboardQueries())
        {
            var live = query.Replace("$__rate_interval", "1m", StringComparison.Ordinal);
            var deadline = DateTime.UtcNow + Settle;
            var result = await prometheus.QueryAsync(live);
            while (query.Contains("qbroker_", StringComparison.Ordinal) && result.GetArrayLength() == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
                result = await prometheus.QueryAsync(live);
            }
            Assert.True(result.GetArrayLength() > 0 || !query.Contains("qbroker_", StringComparison.Ordinal),
                $"The dashboard query {query} returned no series; raw buckets: {await prometheus.QueryAsync("qbroker_job_queue_wait_duration_seconds_bucket[1m]")}");
        }
    }

    private static IEnumerable<string> DashboardQueries()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QBroker.sln")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.FullName, "k8s", "dashboards", "qbroker.json")));
        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)
            .ToList();
        Assert.Contains(queries, q => q.Contains("qbroker_queue_depth", StringComparison.Ordinal));
        return queries;
    }

    private static async Task AssertTargetUpAsync(PrometheusServer prometheus)
    {
        var deadline = DateTime.UtcNow + Settle;
        JsonElement targets;
        do
        {
            var body = await prometheus.Http.GetFromJsonAsync<JsonElement>("/api/v1/targets");
            targets = body.GetProperty("data").GetProperty("activeTargets");
            if (targets.GetArrayLength() == 1 && targets[0].GetProperty("health").GetString() == "up")
            {
                return;
            }
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"The silo's scrape target is not up: {targets}\n{prometheus.Output}");
    }

    private static async Task AssertEventuallyAsync(PrometheusServer prometheus, string promql, double expected)
    {
        var actual = await prometheus.WaitForValueAsync(promql, expected, Settle);
        Assert.True(actual == expected, $"{promql} = {actual?.ToString() ?? "no series"}, expected {expected}");
    }
}
