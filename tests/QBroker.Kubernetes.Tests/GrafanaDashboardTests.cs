using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using QBroker.Kubernetes.Tests.Infrastructure;
using QBroker.Kubernetes.Tests.Monitoring;

namespace QBroker.Kubernetes.Tests;

/// <summary>
/// The Grafana dashboard: no Grafana can run here, so its JSON model is checked structurally (Grafana docs,
/// "JSON model") and every query is parsed by promtool as PromQL.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly string DashboardPath = Path.Combine(RepositoryLayout.KustomizeBase, "dashboards", "qbroker.json");

    [Fact]
    public async Task The_configmap_carries_the_dashboard_with_the_sidecar_label_and_only_it_does()
    {
        var rendered = await RenderedBase.LoadAsync();

        var map = PrometheusTests.GeneratedConfigMap(rendered, "qbroker-grafana-dashboards");
        Assert.Equal(await File.ReadAllTextAsync(DashboardPath), map.Data["qbroker.json"]);
        Assert.Equal("1", map.Metadata.Labels["grafana_dashboard"]);
        Assert.Single(rendered.All<k8s.Models.V1ConfigMap>(), m => m.Metadata.Labels?.ContainsKey("grafana_dashboard") == true);
    }

    [Fact]
    public void It_has_a_stable_identity_and_a_datasource_variable_every_panel_uses()
    {
        var dashboard = Load();

        // A fixed uid makes provisioning update the dashboard instead of adding a copy; Grafana allows up to 40 characters.
        Assert.Matches("^[a-zA-Z0-9_-]{8,40}$", (string)dashboard["uid"]!);
        Assert.Null(dashboard["id"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)dashboard["title"]));
        var variable = Assert.Single(dashboard["templating"]!["list"]!.AsArray(), v => (string?)v!["name"] == "datasource")!;
        Assert.Equal("datasource", (string?)variable["type"]);
        Assert.Equal("prometheus", (string?)variable["query"]);
        Assert.All(Panels(dashboard), panel => Assert.Equal("${datasource}", (string?)panel["datasource"]!["uid"]));
    }

    [Fact]
    public void Its_panels_have_unique_ids_and_tile_the_24_column_grid_without_overlapping()
    {
        var panels = Panels(Load());

        Assert.Equal(panels.Count, panels.Select(p => (int)p["id"]!).Distinct().Count());
        var cells = new HashSet<(int X, int Y)>();
        foreach (var panel in panels)
        {
            var grid = panel["gridPos"]!;
            int x = (int)grid["x"]!, y = (int)grid["y"]!, w = (int)grid["w"]!, h = (int)grid["h"]!;
            Assert.True(x >= 0 && w > 0 && x + w <= 24 && h > 0, $"Panel {panel["title"]} lies outside the grid.");
            for (var column = x; column < x + w; column++)
            {
                for (var row = y; row < y + h; row++)
                {
                    Assert.True(cells.Add((column, row)), $"Panel {panel["title"]} overlaps another at ({column}, {row}).");
                }
            }
        }
    }

    [Fact]
    public void It_shows_silo_health_http_traffic_and_process_resources()
    {
        var metrics = Panels(Load()).SelectMany(Queries).SelectMany(MetricNames).ToHashSet();

        Assert.Contains("up", metrics);
        Assert.Contains("http_server_request_duration_seconds_count", metrics);
        Assert.Contains("http_server_request_duration_seconds_bucket", metrics);
        Assert.Contains(metrics, m => m.StartsWith("dotnet_process_cpu", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.StartsWith("dotnet_process_memory", StringComparison.Ordinal));
        Assert.All(Panels(Load()), panel => Assert.NotEmpty(Queries(panel)));
    }

    [Fact]
    public async Task Every_query_is_valid_promql()
    {
        var result = await CheckQueriesAsync(Panels(Load()).SelectMany(Queries));

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Fact]
    public async Task A_malformed_query_is_caught()
    {
        var result = await CheckQueriesAsync(["sum(rate(http_server_request_duration_seconds_count[$__rate_interval])"]);

        Assert.NotEqual(0, result.ExitCode);
    }

    /// <summary>promtool parses PromQL only inside rule files, so each query becomes a recording rule; Grafana's
    /// $__rate_interval is replaced by the window it would usually pick at a 15 s scrape interval.</summary>
    private static Task<ToolResult> CheckQueriesAsync(IEnumerable<string> queries)
    {
        var rules = new System.Text.StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        foreach (var (query, index) in queries.Select((q, i) => (q, i)))
        {
            var expr = query.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal);
            rules.Append($"      - record: qbroker_dashboard:query_{index}\n        expr: '{expr}'\n");
        }
        return Promtool.RunAsync(new Dictionary<string, string> { ["queries.yml"] = rules.ToString() }, "check", "rules", "queries.yml");
    }

    private static JsonNode Load() => JsonNode.Parse(File.ReadAllText(DashboardPath))!;

    private static List<JsonNode> Panels(JsonNode dashboard) => dashboard["panels"]!.AsArray().Select(p => p!).ToList();

    private static IEnumerable<string> Queries(JsonNode panel) =>
        (panel["targets"]?.AsArray() ?? []).Select(t => (string?)t!["expr"]).OfType<string>();

    /// <summary>Identifiers followed by a selector or range, i.e. metric names rather than functions or labels.</summary>
    private static IEnumerable<string> MetricNames(string query) =>
        MetricName().Matches(query).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\{")]
    private static partial Regex MetricName();
}
