using k8s.Models;
using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests.Checks;

/// <summary>A reference from a pod to a ConfigMap, Secret or ServiceAccount, with the key it reads if any.</summary>
public sealed record ObjectReference(string Workload, string Kind, string Name, string? Key);

/// <summary>
/// Every object a pod refers to exists in the base, or (Secrets, which hold credentials and are never committed)
/// is documented in docs/operations.md with each key the pods read, so an operator knows what to create.
/// </summary>
public static class ReferenceChecks
{
    public static IEnumerable<ObjectReference> References(RenderedBase rendered)
    {
        foreach (var (workload, template) in rendered.PodTemplates)
        {
            var spec = template.Spec;
            if (spec.ServiceAccountName is { } account)
            {
                yield return new ObjectReference(workload, "ServiceAccount", account, null);
            }
            foreach (var container in spec.Containers.Concat(spec.InitContainers ?? []))
            {
                foreach (var variable in container.Env ?? [])
                {
                    if (variable.ValueFrom?.SecretKeyRef is { } secret)
                    {
                        yield return new ObjectReference(workload, "Secret", secret.Name, secret.Key);
                    }
                    if (variable.ValueFrom?.ConfigMapKeyRef is { } map)
                    {
                        yield return new ObjectReference(workload, "ConfigMap", map.Name, map.Key);
                    }
                }
                foreach (var source in container.EnvFrom ?? [])
                {
                    if (source.SecretRef is { } secret)
                    {
                        yield return new ObjectReference(workload, "Secret", secret.Name, null);
                    }
                    if (source.ConfigMapRef is { } map)
                    {
                        yield return new ObjectReference(workload, "ConfigMap", map.Name, null);
                    }
                }
            }
            foreach (var volume in spec.Volumes ?? [])
            {
                if (volume.Secret is { } secret)
                {
                    yield return new ObjectReference(workload, "Secret", secret.SecretName, null);
                }
                if (volume.ConfigMap is { } map)
                {
                    yield return new ObjectReference(workload, "ConfigMap", map.Name, null);
                }
            }
        }
    }

    public static IEnumerable<string> Resolved(RenderedBase rendered, string operationsGuide)
    {
        foreach (var reference in References(rendered))
        {
            var defined = rendered.Objects.OfType<k8s.IKubernetesObject<V1ObjectMeta>>()
                .Any(o => o.Kind == reference.Kind && o.Metadata.Name == reference.Name);
            if (defined)
            {
                continue;
            }
            if (reference.Kind != "Secret")
            {
                yield return $"{reference.Workload} refers to {reference.Kind} {reference.Name}, which the base does not define.";
            }
            else if (!operationsGuide.Contains($"`{reference.Name}`", StringComparison.Ordinal)
                || (reference.Key is not null && !operationsGuide.Contains($"`{reference.Key}`", StringComparison.Ordinal)))
            {
                yield return $"{reference.Workload} reads Secret {reference.Name}{(reference.Key is null ? "" : $" key {reference.Key}")}, which is neither in the base nor documented in docs/operations.md.";
            }
        }
    }
}
