using k8s;

namespace QBroker.Kubernetes.Tests.Infrastructure;

/// <summary>
/// Loads rendered YAML into KubernetesClient's typed models with strict deserialisation: a field the Kubernetes API
/// does not define (a typo, a wrong indentation level) throws, as the API server's strict field validation would.
/// </summary>
public static class StrictManifestLoader
{
    public static IReadOnlyList<IKubernetesObject> Load(string yaml) =>
        KubernetesYaml.LoadAllFromString(yaml, strict: true)
            .Select((item, index) => item as IKubernetesObject
                ?? throw new InvalidOperationException($"Document {index} is not a Kubernetes object: {item?.GetType().Name ?? "null"}."))
            .ToList();
}
