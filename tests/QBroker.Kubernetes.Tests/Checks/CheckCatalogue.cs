using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests.Checks;

/// <summary>Every consistency check by a short name, so tests can run each on the real base and on broken copies.</summary>
public static class CheckCatalogue
{
    private static readonly Lazy<string> OperationsGuide = new(() => File.ReadAllText(RepositoryLayout.OperationsGuide));

    private static readonly Dictionary<string, Func<RenderedBase, IEnumerable<string>>> All = new()
    {
        ["probes"] = SiloWorkloadChecks.Probes,
        ["ports"] = SiloWorkloadChecks.Ports,
        ["downward-api"] = SiloWorkloadChecks.DownwardApi,
        ["cluster-configuration"] = SiloWorkloadChecks.ClusterConfiguration,
        ["graceful-shutdown"] = SiloWorkloadChecks.GracefulShutdown,
        ["rolling-update"] = SiloWorkloadChecks.RollingUpdate,
        ["structured-logs"] = SiloWorkloadChecks.StructuredLogs,
        ["security"] = SiloWorkloadChecks.Security,
        ["resources"] = SiloWorkloadChecks.Resources,
        ["state-vector-memory"] = SiloWorkloadChecks.StateVectorMemory,
        ["pod-security"] = PodSecurityChecks.Restricted,
        ["services"] = ServiceChecks.SelectorsAndTargetPorts,
        ["orleans-not-in-services"] = ServiceChecks.NoServiceForOrleansPorts,
        ["statefulsets"] = ServiceChecks.StatefulSetsHaveHeadlessServices,
        ["network-policy"] = NetworkPolicyChecks.OrleansPortsOnlyFromSilos,
        ["disruption-budget"] = ScalingChecks.DisruptionBudget,
        ["autoscaling"] = ScalingChecks.Autoscaling,
        ["references"] = rendered => ReferenceChecks.Resolved(rendered, OperationsGuide.Value),
        ["documented-environment"] = rendered => DocumentationChecks.EnvironmentDocumented(rendered, OperationsGuide.Value),
    };

    public static IEnumerable<string> Names => All.Keys;

    public static IReadOnlyList<string> Run(string name, RenderedBase rendered) => All[name](rendered).ToList();
}
