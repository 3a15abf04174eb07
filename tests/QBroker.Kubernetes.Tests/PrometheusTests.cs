using k8s.Models;
using QBroker.Kubernetes.Tests.Checks;
using QBroker.Kubernetes.Tests.Infrastructure;
using QBroker.Kubernetes.Tests.Monitoring;

namespace QBroker.Kubernetes.Tests;

/// <summary>The Prometheus scrape configuration and alert rules shipped in ConfigMaps.</summary>
public sealed class PrometheusTests
{
    private const string Job = "qbroker-silo";

    [Fact]
    public async Task The_configmaps_carry_the_files_unchanged()
    {
        var rendered = await RenderedBase.LoadAsync();

        Assert.Equal(await MonitoringFile("prometheus.yml"), GeneratedConfigMap(rendered, "qbroker-prometheus").Data["prometheus.yml"]);
        Assert.Equal(await MonitoringFile("qbroker-rules.yml"), GeneratedConfigMap(rendered, "qbroker-prometheus-rules").Data["qbroker-rules.yml"]);
    }

    [Fact]
    public async Task Promtool_accepts_the_configuration_and_its_rules()
    {
        var configuration = await MonitoringFile("prometheus.yml");
        var rules = await MonitoringFile("qbroker-rules.yml");
        Assert.Equal(["/etc/prometheus/rules/*.yml"], PrometheusConfiguration.Parse(configuration).RuleFiles);

        // Debian's promtool is built without Kubernetes discovery, so only that block is swapped for a static one;
        // everything else (relabel regexes, actions, rule files) is checked as shipped. Relative rule paths resolve
        // beside the configuration file.
        var checkable = configuration
            .Replace("kubernetes_sd_configs:\n      - role: pod", "static_configs:\n      - targets: [\"127.0.0.1:8080\"]", StringComparison.Ordinal)
            .Replace("/etc/prometheus/rules/", "rules/", StringComparison.Ordinal);
        Assert.DoesNotContain("kubernetes_sd_configs", checkable, StringComparison.Ordinal);
        var files = new Dictionary<string, string> { ["prometheus.yml"] = checkable, ["rules/qbroker-rules.yml"] = rules };

        var result = await Promtool.RunAsync(files, "check", "config", "prometheus.yml");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("9 rules found", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alerts_fire_when_a_silo_is_down_and_when_errors_pass_five_percent()
    {
        var files = new Dictionary<string, string>
        {
            ["qbroker-rules.yml"] = await MonitoringFile("qbroker-rules.yml"),
            ["qbroker-rules.test.yml"] = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Monitoring", "qbroker-rules.test.yml")),
        };

        var result = await Promtool.RunAsync(files, "test", "rules", "qbroker-rules.test.yml");

        Assert.True(result.ExitCode == 0, result.Describe());
    }

    [Fact]
    public async Task A_broken_rule_fails_promtool()
    {
        var rules = (await MonitoringFile("qbroker-rules.yml")).Replace("up{job=\"qbroker-silo\"} == 0", "up{job=\"qbroker-silo\" == 0", StringComparison.Ordinal);

        var result = await Promtool.RunAsync(new Dictionary<string, string> { ["rules.yml"] = rules }, "check", "rules", "rules.yml");

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task Pod_discovery_scrapes_each_silo_once_on_its_http_port_and_nothing_else()
    {
        var rendered = await RenderedBase.LoadAsync();
        var configuration = PrometheusConfiguration.Parse(await MonitoringFile("prometheus.yml"));
        Assert.Equal(["pod"], configuration.DiscoveryRoles(Job));

        var discovered = new[] { ("qbroker-silo-7d9f-a", "10.1.0.11"), ("qbroker-silo-7d9f-b", "10.1.0.12") }
            .SelectMany(pod => PodDiscovery.Targets(rendered.SiloDeployment.Spec.Template, pod.Item1, pod.Item2, "node-1", "qbroker"))
            .Concat(PodDiscovery.Targets(rendered.Single<V1StatefulSet>(RenderedBase.PostgresName).Spec.Template, "qbroker-postgres-0", "10.1.0.20", "node-2", "qbroker"))
            .ToList();
        var scraped = PodDiscovery.Relabel(discovered, configuration.RelabelRules(Job));

        // Three container ports per silo and one on the database were discovered; one target per silo remains.
        Assert.Equal(7, discovered.Count);
        Assert.Equal(["10.1.0.11:8080", "10.1.0.12:8080"], scraped.Select(t => t["__address__"]).Order());
        Assert.All(scraped, target =>
        {
            Assert.Equal(SiloFacts.MetricsPath, target["__metrics_path__"]);
            Assert.Equal("qbroker", target["namespace"]);
            Assert.Equal("node-1", target["node"]);
            Assert.StartsWith("qbroker-silo-7d9f-", target["pod"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_silo_that_opts_out_of_scraping_is_not_scraped()
    {
        var rendered = (await RenderedBase.LoadAsync()).Copy();
        var configuration = PrometheusConfiguration.Parse(await MonitoringFile("prometheus.yml"));
        rendered.SiloDeployment.Spec.Template.Metadata.Annotations["prometheus.io/scrape"] = "false";

        var scraped = PodDiscovery.Relabel(PodDiscovery.Targets(rendered.SiloDeployment.Spec.Template, "qbroker-silo-a", "10.1.0.11", "node-1", "qbroker"),
            configuration.RelabelRules(Job));

        Assert.Empty(scraped);
    }

    [Fact]
    public async Task The_scrape_annotations_point_at_the_silo_metrics_endpoint()
    {
        var rendered = await RenderedBase.LoadAsync();
        var annotations = rendered.SiloDeployment.Spec.Template.Metadata.Annotations;

        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal(SiloFacts.HttpPort.ToString(), annotations["prometheus.io/port"]);
        Assert.Equal(SiloFacts.MetricsPath, annotations["prometheus.io/path"]);
    }

    [Fact]
    public async Task The_rules_cover_silo_loss_and_server_errors_on_the_expected_metrics()
    {
        var rules = await MonitoringFile("qbroker-rules.yml");

        Assert.Contains("- alert: SiloDown\n        expr: up{job=\"qbroker-silo\"} == 0", rules, StringComparison.Ordinal);
        Assert.Contains("- alert: HighErrorRate", rules, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_count{job=\"qbroker-silo\",http_response_status_code=~\"5..\"}", rules, StringComparison.Ordinal);
    }

    private static Task<string> MonitoringFile(string name) => File.ReadAllTextAsync(Path.Combine(RepositoryLayout.KustomizeBase, "monitoring", name));

    internal static V1ConfigMap GeneratedConfigMap(RenderedBase rendered, string name) =>
        Assert.Single(rendered.All<V1ConfigMap>(), map => System.Text.RegularExpressions.Regex.IsMatch(map.Metadata.Name, $"^{name}-[a-z0-9]{{10}}$"));
}
