using System.Globalization;
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

    /// <summary>QKD links run fast blocks into small pools, so an eavesdropper's effect shows within seconds.</summary>
    private static readonly Dictionary<string, string> QkdSettings = new()
    {
        ["QBroker__Qkd__BlockPeriod"] = "00:00:00.050",
        ["QBroker__Qkd__PoolCapacityBytes"] = "8192",
    };

    [Fact]
    public async Task Prometheus_scrapes_the_silo_and_sees_the_workload_counted()
    {
        foreach (var (name, value) in QkdSettings)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
        try
        {
            await ScrapeAfterWorkloadAsync();
        }
        finally
        {
            foreach (var name in QkdSettings.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    private static async Task ScrapeAfterWorkloadAsync()
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

        await AssertFairShareAsync(silo, prometheus);
        await AssertQueuesAsync(silo, prometheus);
        await AssertEtsiRequestsAsync(silo, prometheus);
        await AssertQkdLinksAsync(silo, prometheus);

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

    /// <summary>
    /// The fair-share gauges carry the scheduler's figures for each institution, the same the usage API reports: the
    /// institution that ran the jobs has decayed usage and a factor below 1, every other one a factor of exactly 1.
    /// </summary>
    private static async Task AssertFairShareAsync(TestSilo silo, PrometheusServer prometheus)
    {
        using var operatorClient = silo.Operator();
        var usage = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/usage");
        var row = usage.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("id").GetString() == Institution);
        var decayed = row.GetProperty("decayedUsage").GetDouble();
        var factor = row.GetProperty("fairShareFactor").GetDouble();
        var share = row.GetProperty("normalizedShare").GetDouble();
        Assert.True(decayed > 0 && factor < 1, $"{Institution} ran the jobs: usage {decayed}, factor {factor}");
        // Usage decays with a 7-day half-life: between the refresher's copy and the API call (seconds) it moves by
        // about 1e-5 of itself, so 1e-3 relative is ample; factor and share are compared at the same tolerance.
        string Near(string metric, double expected) => string.Create(CultureInfo.InvariantCulture,
            $"abs({metric}{{qbroker_institution=\"{Institution}\"}} - {expected:R}) <= bool {Math.Max(1e-3 * Math.Abs(expected), 1e-9):R}");
        await AssertEventuallyAsync(prometheus, Near("qbroker_fairshare_usage", decayed), 1);
        await AssertEventuallyAsync(prometheus, Near("qbroker_fairshare_factor", factor), 1);
        await AssertEventuallyAsync(prometheus, Near("qbroker_fairshare_share", share), 1);
        await AssertEventuallyAsync(prometheus, "min(qbroker_fairshare_factor{qbroker_institution!=\"" + Institution + "\"})", 1);
        await AssertEventuallyAsync(prometheus, "round(sum(qbroker_fairshare_share), 0.000001)", 1);
    }

    /// <summary>
    /// Jobs held on a device in maintenance show in the queue gauges twice: on that device, and once each for the
    /// institution that owns them. Every other institution's queue is empty but reported (a configured, bounded set),
    /// and the oldest job's age is the same from both sides and no older than the time since it was submitted.
    /// </summary>
    private static async Task AssertQueuesAsync(TestSilo silo, PrometheusServer prometheus)
    {
        const string held = "ionq-harmony";
        const int waiting = 2;
        using var operatorClient = silo.Operator();
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PatchAsJsonAsync($"/api/v1/devices/{held}", new { status = "maintenance" })).StatusCode);
        using var client = silo.Researcher(Researcher);
        var submittedFrom = DateTimeOffset.UtcNow;
        for (var i = 0; i < waiting; i++)
        {
            var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10, device = held });
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal("queued", job!.State);
        }

        await AssertEventuallyAsync(prometheus, $"qbroker_queue_depth{{qbroker_device=\"{held}\"}}", waiting);
        await AssertEventuallyAsync(prometheus, $"qbroker_queue_depth{{qbroker_device=\"{Device}\"}}", 0);
        await AssertEventuallyAsync(prometheus, $"qbroker_institution_queue_depth{{qbroker_institution=\"{Institution}\"}}", waiting);
        await AssertEventuallyAsync(prometheus, $"max(qbroker_institution_queue_depth{{qbroker_institution!=\"{Institution}\"}})", 0);
        await AssertEventuallyAsync(prometheus, "count(qbroker_institution_queue_depth) == bool count(qbroker_fairshare_factor)", 1);
        await AssertEventuallyAsync(prometheus, $"qbroker_queue_oldest_age_seconds{{qbroker_device=\"{held}\"}} > bool 0", 1);
        await AssertEventuallyAsync(prometheus, $"qbroker_queue_oldest_age_seconds{{qbroker_device=\"{Device}\"}}", 0);
        // Both ages come from the same scrape of the same job, a few microseconds apart; 10 ms is ample.
        await AssertEventuallyAsync(prometheus,
            $"abs(max(qbroker_queue_oldest_age_seconds{{qbroker_device=\"{held}\"}}) - max(qbroker_institution_queue_oldest_age_seconds{{qbroker_institution=\"{Institution}\"}})) <= bool 0.01", 1);
        var age = await prometheus.ScalarAsync($"qbroker_institution_queue_oldest_age_seconds{{qbroker_institution=\"{Institution}\"}}");
        var bound = (DateTimeOffset.UtcNow - submittedFrom).TotalSeconds;
        Assert.True(age > 0 && age <= bound, $"oldest age {age} s, submitted {bound} s ago");
    }

    /// <summary>
    /// An eavesdropper on one link (intercept-resend on every pulse: QBER about 25 %, Bennett et al. 1992, above the 11 %
    /// abort threshold) shows in that link's series only: aborting, aborted blocks counted, QBER high, no key rate.
    /// Every direction's pool reports the configured capacity and exactly one state.
    /// </summary>
    private static async Task AssertQkdLinksAsync(TestSilo silo, PrometheusServer prometheus)
    {
        const string attacked = "kaist-kriss";
        using var operatorClient = silo.Operator();
        var patched = await operatorClient.PatchAsync($"/api/v1/qkd/links/{attacked}",
            new StringContent("""{"eavesdropper": {"kind": "intercept-resend", "fraction": 1}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var links = await operatorClient.GetFromJsonAsync<JsonElement>("/api/v1/qkd/links");
        // A link whose two pools are full pauses; drawing key from one makes it run (and abort) blocks again.
        using var kaist = silo.Admin("kaist");
        Assert.Equal(HttpStatusCode.OK, (await kaist.GetAsync("/api/v1/keys/kriss/enc_keys")).StatusCode);

        var link = $"qbroker_qkd_link=\"{attacked}\"";
        // Blocks compete for the CPU with every other link's: allow the attacked link's next block longer.
        await AssertEventuallyAsync(prometheus, $"qbroker_qkd_aborting{{{link}}}", 1, TimeSpan.FromSeconds(120));
        await AssertEventuallyAsync(prometheus, $"qbroker_qkd_blocks_aborted_total{{{link}}} > bool 0", 1);
        await AssertEventuallyAsync(prometheus, $"qbroker_qkd_qber{{{link}}} > bool 0.15", 1);
        await AssertEventuallyAsync(prometheus, $"qbroker_qkd_secure_key_rate_bit_per_second{{{link}}}", 0);
        await AssertEventuallyAsync(prometheus, "count(qbroker_qkd_blocks_total)", links.GetArrayLength());
        await AssertEventuallyAsync(prometheus, "count(qbroker_qkd_pool_capacity_bytes)", 2 * links.GetArrayLength());
        await AssertEventuallyAsync(prometheus, "count(qbroker_qkd_pool_capacity_bytes != 8192) or vector(0)", 0);
        await AssertEventuallyAsync(prometheus, "count(qbroker_qkd_pool_stored_bytes > qbroker_qkd_pool_capacity_bytes) or vector(0)", 0);
        await AssertEventuallyAsync(prometheus,
            "count(sum by (qbroker_qkd_link, qbroker_qkd_master) (qbroker_qkd_pool_status) != 1) or vector(0)", 0);
        await AssertEventuallyAsync(prometheus, "count(qbroker_qkd_blocks_aborted_total > qbroker_qkd_blocks_total) or vector(0)", 0);
    }

    /// <summary>A known mix of ETSI GS QKD 014 requests is counted exactly, by endpoint, method and status.</summary>
    private static async Task AssertEtsiRequestsAsync(TestSilo silo, PrometheusServer prometheus)
    {
        using var master = silo.Admin("kias");
        using var anonymous = silo.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await master.GetAsync("/api/v1/keys/skku/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await master.GetAsync("/api/v1/keys/skku/status")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/keys/skku/status")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await master.PostAsync("/api/v1/keys/skku/enc_keys",
            new StringContent("""{"number": 0, "size": 256}""", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await master.GetAsync("/api/v1/keys/skku/no-such-operation")).StatusCode);

        await AssertEventuallyAsync(prometheus,
            "sum(qbroker_etsi_requests_total{qbroker_etsi_endpoint=\"status\",http_request_method=\"GET\",http_response_status_code=\"200\"})", 2);
        await AssertEventuallyAsync(prometheus, "sum(qbroker_etsi_requests_total)", 5);
        await AssertEventuallyAsync(prometheus, "sum(qbroker_etsi_errors_total{qbroker_etsi_endpoint=\"status\",http_response_status_code=\"401\"})", 1);
        await AssertEventuallyAsync(prometheus, "sum(qbroker_etsi_errors_total{qbroker_etsi_endpoint=\"enc_keys\",http_response_status_code=\"400\"})", 1);
        await AssertEventuallyAsync(prometheus, "sum(qbroker_etsi_errors_total{qbroker_etsi_endpoint=\"other\",http_response_status_code=\"404\"})", 1);
        await AssertEventuallyAsync(prometheus, "sum(qbroker_etsi_errors_total)", 3);
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

    private static async Task AssertEventuallyAsync(PrometheusServer prometheus, string promql, double expected, TimeSpan? within = null)
    {
        var actual = await prometheus.WaitForValueAsync(promql, expected, within ?? Settle);
        Assert.True(actual == expected, $"{promql} = {actual?.ToString() ?? "no series"}, expected {expected}");
    }
}
