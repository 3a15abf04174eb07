using System.Text.RegularExpressions;
using k8s.Models;

namespace QBroker.Kubernetes.Tests.Monitoring;

/// <summary>
/// The targets Prometheus' Kubernetes discovery with role "pod" yields for one pod: one per declared container port,
/// with the __meta_kubernetes_pod_* labels (names sanitised to [a-zA-Z0-9_]) and the default scrape settings.
/// </summary>
public static partial class PodDiscovery
{
    public static IEnumerable<Dictionary<string, string>> Targets(V1PodTemplateSpec template, string podName, string podIp, string nodeName, string namespaceName)
    {
        foreach (var container in template.Spec.Containers)
        {
            foreach (var port in container.Ports ?? [])
            {
                var labels = new Dictionary<string, string>
                {
                    ["__address__"] = $"{podIp}:{port.ContainerPort}",
                    ["__scheme__"] = "http",
                    ["__metrics_path__"] = "/metrics",
                    ["job"] = "qbroker-silo",
                    ["__meta_kubernetes_namespace"] = namespaceName,
                    ["__meta_kubernetes_pod_name"] = podName,
                    ["__meta_kubernetes_pod_ip"] = podIp,
                    ["__meta_kubernetes_pod_node_name"] = nodeName,
                    ["__meta_kubernetes_pod_container_name"] = container.Name,
                    ["__meta_kubernetes_pod_container_port_name"] = port.Name ?? string.Empty,
                    ["__meta_kubernetes_pod_container_port_number"] = port.ContainerPort.ToString(),
                    ["__meta_kubernetes_pod_container_port_protocol"] = port.Protocol ?? "TCP",
                };
                foreach (var (name, value) in template.Metadata.Labels ?? new Dictionary<string, string>())
                {
                    labels[$"__meta_kubernetes_pod_label_{Sanitise(name)}"] = value;
                }
                foreach (var (name, value) in template.Metadata.Annotations ?? new Dictionary<string, string>())
                {
                    labels[$"__meta_kubernetes_pod_annotation_{Sanitise(name)}"] = value;
                }
                yield return labels;
            }
        }
    }

    /// <summary>Applies the rules in order, then drops the double-underscore labels as Prometheus does after relabelling,
    /// keeping the address and path it scrapes.</summary>
    public static IReadOnlyList<Dictionary<string, string>> Relabel(IEnumerable<Dictionary<string, string>> targets, IReadOnlyList<RelabelRule> rules)
    {
        var scraped = new List<Dictionary<string, string>>();
        foreach (var target in targets)
        {
            Dictionary<string, string>? labels = new(target);
            foreach (var rule in rules)
            {
                labels = rule.Apply(labels);
                if (labels is null)
                {
                    break;
                }
            }
            if (labels is not null)
            {
                scraped.Add(labels.Where(pair => !pair.Key.StartsWith("__", StringComparison.Ordinal) || pair.Key is "__address__" or "__metrics_path__")
                    .ToDictionary(pair => pair.Key, pair => pair.Value));
            }
        }
        return scraped;
    }

    private static string Sanitise(string name) => InvalidLabelCharacters().Replace(name, "_");

    [GeneratedRegex("[^a-zA-Z0-9_]")]
    private static partial Regex InvalidLabelCharacters();
}
