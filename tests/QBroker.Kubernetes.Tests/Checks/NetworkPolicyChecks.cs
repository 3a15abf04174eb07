using k8s.Models;
using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests.Checks;

/// <summary>
/// The Orleans ports carry no per-user authentication, so only silo pods may reach them; the HTTP port stays open
/// to the namespace. Checked on the policies that select the silo pods, as the API server would combine them.
/// </summary>
public static class NetworkPolicyChecks
{
    public static IEnumerable<string> OrleansPortsOnlyFromSilos(RenderedBase rendered)
    {
        var policies = rendered.All<V1NetworkPolicy>()
            .Where(p => LabelSelectors.Matches(p.Spec.PodSelector, rendered.SiloPodLabels))
            .ToList();
        if (policies.Count == 0 || !policies.Any(p => p.Spec.PolicyTypes?.Contains("Ingress") == true))
        {
            yield return "No NetworkPolicy restricts ingress to the silo pods, so every pod in the cluster reaches 11111 and 30000.";
            yield break;
        }

        var silo = rendered.SiloContainer;
        foreach (var orleansPort in new[] { SiloFacts.SiloPort, SiloFacts.GatewayPort })
        {
            var rules = policies.SelectMany(p => p.Spec.Ingress ?? []).Where(r => Admits(r, silo, orleansPort)).ToList();
            if (rules.Count == 0)
            {
                yield return $"No ingress rule admits port {orleansPort} from the other silos; the cluster could not form.";
            }
            foreach (var rule in rules)
            {
                if (rule.FromProperty is not { Count: > 0 } peers)
                {
                    yield return $"An ingress rule admits port {orleansPort} from anywhere.";
                    continue;
                }
                foreach (var peer in peers.Where(peer => peer.NamespaceSelector is not null || peer.IpBlock is not null
                    || !LabelSelectors.Matches(peer.PodSelector, rendered.SiloPodLabels)))
                {
                    yield return $"An ingress rule admits port {orleansPort} from peers other than silo pods ({Describe(peer)}).";
                }
            }
        }

        if (!policies.SelectMany(p => p.Spec.Ingress ?? []).Any(r => Admits(r, silo, SiloFacts.HttpPort)))
        {
            yield return $"No ingress rule admits the HTTP port {SiloFacts.HttpPort}; the API, probes' peers and Prometheus are cut off.";
        }
    }

    /// <summary>Whether a rule's port list covers the port: no list means every port.</summary>
    private static bool Admits(V1NetworkPolicyIngressRule rule, V1Container container, int port) =>
        rule.Ports is not { Count: > 0 }
        || rule.Ports.Any(p => p.Port is null
            || (p.EndPort is { } end && int.TryParse(p.Port.Value, out var first) ? first <= port && port <= end : RenderedBase.ResolvePort(container, p.Port) == port));

    private static string Describe(V1NetworkPolicyPeer peer) =>
        peer.IpBlock is not null ? $"ipBlock {peer.IpBlock.Cidr}"
        : peer.NamespaceSelector is not null ? "a namespace selector"
        : "pods that are not silos";
}
