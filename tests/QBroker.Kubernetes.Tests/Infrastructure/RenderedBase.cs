using k8s;
using k8s.Models;

namespace QBroker.Kubernetes.Tests.Infrastructure;

/// <summary>The kustomize base as rendered by kubectl and loaded strictly into typed objects.</summary>
public sealed class RenderedBase
{
    public const string SiloName = "qbroker-silo";
    public const string SiloContainerName = "silo";
    public const string HttpServiceName = "qbroker-http";
    public const string PostgresName = "qbroker-postgres";

    private static readonly Lazy<Task<RenderedBase>> Rendered = new(async () => Parse(await Kustomize.RenderAsync(RepositoryLayout.KustomizeBase)));

    private RenderedBase(string yaml, IReadOnlyList<IKubernetesObject> objects)
    {
        Yaml = yaml;
        Objects = objects;
    }

    /// <summary>The rendered YAML, exactly as `kubectl kustomize k8s` printed it.</summary>
    public string Yaml { get; }

    public IReadOnlyList<IKubernetesObject> Objects { get; }

    /// <summary>The repository's base, rendered once per test run.</summary>
    public static Task<RenderedBase> LoadAsync() => Rendered.Value;

    public static RenderedBase Parse(string yaml) => new(yaml, StrictManifestLoader.Load(yaml));

    /// <summary>A fresh, separately mutable copy of the objects, for tests that break one thing on purpose.</summary>
    public RenderedBase Copy() => Parse(Yaml);

    public IEnumerable<T> All<T>() where T : IKubernetesObject<V1ObjectMeta> => Objects.OfType<T>();

    public T Single<T>(string name) where T : IKubernetesObject<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new InvalidOperationException($"The base has no {typeof(T).Name} named {name}.");

    public V1Deployment SiloDeployment => Single<V1Deployment>(SiloName);

    public V1PodSpec SiloPod => SiloDeployment.Spec.Template.Spec;

    public IDictionary<string, string> SiloPodLabels => SiloDeployment.Spec.Template.Metadata.Labels;

    public V1Container SiloContainer => SiloPod.Containers.Single(c => c.Name == SiloContainerName);

    /// <summary>Every pod template in the base with the name of the workload that owns it.</summary>
    public IEnumerable<(string Workload, V1PodTemplateSpec Template)> PodTemplates =>
        All<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template))
            .Concat(All<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Template)));

    /// <summary>The container port a probe, Service or policy names, by number or by port name.</summary>
    public static int? ResolvePort(V1Container container, IntOrString port) =>
        int.TryParse(port.Value, out var number)
            ? container.Ports?.Any(p => p.ContainerPort == number) == true ? number : null
            : container.Ports?.SingleOrDefault(p => p.Name == port.Value)?.ContainerPort;

    public static int PortNamed(V1Container container, string name) =>
        container.Ports?.SingleOrDefault(p => p.Name == name)?.ContainerPort
        ?? throw new InvalidOperationException($"Container {container.Name} has no port named {name}.");

    public static V1EnvVar Env(V1Container container, string name) =>
        container.Env?.SingleOrDefault(e => e.Name == name)
        ?? throw new InvalidOperationException($"Container {container.Name} has no environment variable {name}.");
}
