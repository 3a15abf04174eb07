using k8s.Models;
using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests.Checks;

/// <summary>Services reach the pods and ports they are meant for, and never the Orleans ports.</summary>
public static class ServiceChecks
{
    /// <summary>Each Service selects the pods of a workload in the base, and each target port exists on them.</summary>
    public static IEnumerable<string> SelectorsAndTargetPorts(RenderedBase rendered)
    {
        foreach (var service in rendered.All<V1Service>())
        {
            var selected = rendered.PodTemplates.Where(t => LabelSelectors.Matches(service.Spec.Selector, t.Template.Metadata.Labels)).ToList();
            if (selected.Count == 0)
            {
                yield return $"Service {service.Metadata.Name} selects no pods of the base.";
                continue;
            }
            foreach (var port in service.Spec.Ports ?? [])
            {
                var target = port.TargetPort ?? port.Port;
                foreach (var (workload, template) in selected)
                {
                    if (!template.Spec.Containers.Any(c => RenderedBase.ResolvePort(c, target) is not null))
                    {
                        yield return $"Service {service.Metadata.Name} port {port.Port} targets {target.Value}, which no container of {workload} declares.";
                    }
                }
            }
        }
    }

    /// <summary>Orleans addresses silos by pod IP; a Service in front of 11111 or 30000 would only mislead.</summary>
    public static IEnumerable<string> NoServiceForOrleansPorts(RenderedBase rendered)
    {
        var silo = rendered.SiloContainer;
        foreach (var service in rendered.All<V1Service>().Where(s => LabelSelectors.Matches(s.Spec.Selector, rendered.SiloPodLabels)))
        {
            foreach (var port in service.Spec.Ports ?? [])
            {
                var target = RenderedBase.ResolvePort(silo, port.TargetPort ?? port.Port);
                if (target is SiloFacts.SiloPort or SiloFacts.GatewayPort)
                {
                    yield return $"Service {service.Metadata.Name} exposes the Orleans port {target}.";
                }
            }
        }
        if (!rendered.All<V1Service>().Any(s => s.Metadata.Name == RenderedBase.HttpServiceName
            && (s.Spec.Ports ?? []).Any(p => RenderedBase.ResolvePort(silo, p.TargetPort ?? p.Port) == SiloFacts.HttpPort)))
        {
            yield return $"Service {RenderedBase.HttpServiceName} does not route to the silo's HTTP port {SiloFacts.HttpPort}.";
        }
    }

    /// <summary>The StatefulSet's governing Service is headless and selects its pods, or pod DNS names do not exist.</summary>
    public static IEnumerable<string> StatefulSetsHaveHeadlessServices(RenderedBase rendered)
    {
        foreach (var set in rendered.All<V1StatefulSet>())
        {
            var service = rendered.All<V1Service>().SingleOrDefault(s => s.Metadata.Name == set.Spec.ServiceName);
            if (service is null)
            {
                yield return $"StatefulSet {set.Metadata.Name} names Service {set.Spec.ServiceName}, which the base lacks.";
                continue;
            }
            if (service.Spec.ClusterIP != "None")
            {
                yield return $"Service {service.Metadata.Name} governs StatefulSet {set.Metadata.Name} but is not headless.";
            }
            if (!LabelSelectors.Matches(service.Spec.Selector, set.Spec.Template.Metadata.Labels))
            {
                yield return $"Service {service.Metadata.Name} does not select the pods of StatefulSet {set.Metadata.Name}.";
            }
            if (!LabelSelectors.Matches(set.Spec.Selector, set.Spec.Template.Metadata.Labels))
            {
                yield return $"StatefulSet {set.Metadata.Name}'s selector does not match its own pod template.";
            }
        }
        foreach (var deployment in rendered.All<V1Deployment>())
        {
            if (!LabelSelectors.Matches(deployment.Spec.Selector, deployment.Spec.Template.Metadata.Labels))
            {
                yield return $"Deployment {deployment.Metadata.Name}'s selector does not match its own pod template.";
            }
        }
    }
}
