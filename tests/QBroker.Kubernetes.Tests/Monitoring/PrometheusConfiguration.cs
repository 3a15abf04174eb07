using YamlDotNet.RepresentationModel;

namespace QBroker.Kubernetes.Tests.Monitoring;

/// <summary>The parts of the shipped prometheus.yml the tests reason about, read with YamlDotNet.</summary>
public sealed class PrometheusConfiguration
{
    private readonly YamlMappingNode _root;

    private PrometheusConfiguration(YamlMappingNode root) => _root = root;

    public static PrometheusConfiguration Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new PrometheusConfiguration((YamlMappingNode)stream.Documents.Single().RootNode);
    }

    public IReadOnlyList<string> RuleFiles => ((YamlSequenceNode)_root["rule_files"]).Children.Select(Scalar).ToList();

    public YamlMappingNode ScrapeJob(string name) =>
        ((YamlSequenceNode)_root["scrape_configs"]).Children.Cast<YamlMappingNode>().Single(job => Scalar(job["job_name"]) == name);

    public IReadOnlyList<string> DiscoveryRoles(string job) =>
        ((YamlSequenceNode)ScrapeJob(job)["kubernetes_sd_configs"]).Children.Cast<YamlMappingNode>().Select(sd => Scalar(sd["role"])).ToList();

    public IReadOnlyList<RelabelRule> RelabelRules(string job) =>
        ((YamlSequenceNode)ScrapeJob(job)["relabel_configs"]).Children.Cast<YamlMappingNode>().Select(rule =>
        {
            string? Optional(string key) => rule.Children.TryGetValue(new YamlScalarNode(key), out var node) ? Scalar(node) : null;
            var sources = rule.Children.TryGetValue(new YamlScalarNode("source_labels"), out var list)
                ? ((YamlSequenceNode)list).Children.Select(Scalar).ToList()
                : [];
            return new RelabelRule(sources, Optional("action") ?? "replace", Optional("regex") ?? "(.*)", Optional("separator") ?? ";",
                Optional("target_label"), Optional("replacement") ?? "$1");
        }).ToList();

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;
}
