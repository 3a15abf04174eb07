using k8s;
using k8s.Models;
using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests;

/// <summary>The rendered base is made of valid Kubernetes objects: no unknown fields, no missing required ones.</summary>
public sealed class SchemaValidationTests
{
    [Fact]
    public async Task The_base_renders_every_object_the_cluster_needs()
    {
        var rendered = await RenderedBase.LoadAsync();

        var names = rendered.Objects.OfType<IKubernetesObject<V1ObjectMeta>>()
            .Select(o => $"{o.ApiVersion} {o.Kind} {StripHash(o.Metadata.Name)}")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
        [
            "apps/v1 Deployment qbroker-silo",
            "apps/v1 StatefulSet qbroker-postgres",
            "autoscaling/v2 HorizontalPodAutoscaler qbroker-silo",
            "networking.k8s.io/v1 NetworkPolicy qbroker-postgres",
            "networking.k8s.io/v1 NetworkPolicy qbroker-silo",
            "policy/v1 PodDisruptionBudget qbroker-silo",
            "v1 ConfigMap qbroker-grafana-dashboards",
            "v1 ConfigMap qbroker-prometheus",
            "v1 ConfigMap qbroker-prometheus-rules",
            "v1 Service qbroker-http",
            "v1 Service qbroker-postgres",
            "v1 ServiceAccount qbroker-silo",
        ], names);
    }

    [Fact]
    public async Task Every_object_loads_strictly_into_its_typed_model()
    {
        var rendered = await RenderedBase.LoadAsync();

        // Strict loading already threw on any unknown field; this pins that each object got its own model type
        // (not a generic fallback), so every field was checked against the API definition.
        Assert.All(rendered.Objects, o => Assert.StartsWith("k8s.Models.V", o.GetType().FullName, StringComparison.Ordinal));
        Assert.Equal(rendered.Yaml.Split("\n---\n").Length, rendered.Objects.Count);
    }

    [Fact]
    public async Task Every_object_has_its_required_fields_and_value_types()
    {
        var rendered = await RenderedBase.LoadAsync();

        var verdicts = await RequiredFieldValidator.ValidateAsync(rendered.Yaml);

        Assert.Equal(rendered.Objects.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.IsValid, v.ToString()));
    }

    [Fact]
    public async Task The_silo_needs_no_kubernetes_api_rights()
    {
        var rendered = await RenderedBase.LoadAsync();

        // QBroker does not use UseKubernetesHosting: membership is in PostgreSQL, so no Role is bound and no token mounted.
        Assert.DoesNotContain(rendered.Objects, o => o is V1Role or V1RoleBinding or V1ClusterRole or V1ClusterRoleBinding);
        Assert.False(rendered.Single<V1ServiceAccount>(RenderedBase.SiloName).AutomountServiceAccountToken);
        Assert.Equal(RenderedBase.SiloName, rendered.SiloPod.ServiceAccountName);
    }

    /// <summary>Generated ConfigMaps get a content hash suffix ("-d2b2gmgm78"); the name before it is stable.</summary>
    private static string StripHash(string name) =>
        System.Text.RegularExpressions.Regex.Replace(name, "-[a-z0-9]{10}$", string.Empty);
}
