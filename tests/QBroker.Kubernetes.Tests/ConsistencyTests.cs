using k8s.Models;
using QBroker.Kubernetes.Tests.Checks;
using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests;

/// <summary>
/// The manifests agree with the silo and with each other. Each check runs on the real base (no problems) and on a
/// copy with one thing broken (the problem is found), so a check that cannot fail would show here.
/// </summary>
public sealed class ConsistencyTests
{
    public static TheoryData<string> Checks => new(CheckCatalogue.Names);

    [Theory]
    [MemberData(nameof(Checks))]
    public async Task The_base_passes(string check)
    {
        var rendered = await RenderedBase.LoadAsync();

        Assert.Empty(CheckCatalogue.Run(check, rendered));
    }

    [Theory]
    [InlineData("probes", "readiness path renamed")]
    [InlineData("probes", "liveness on the Orleans port")]
    [InlineData("ports", "gateway env disagrees with the container port")]
    [InlineData("ports", "loopback-only URL")]
    [InlineData("downward-api", "pod IP from the host")]
    [InlineData("downward-api", "cluster id label missing")]
    [InlineData("cluster-configuration", "connection string as a literal")]
    [InlineData("graceful-shutdown", "grace period equal to the shutdown timeout")]
    [InlineData("graceful-shutdown", "shutdown timeout raised past the grace period")]
    [InlineData("rolling-update", "rollout drops a silo")]
    [InlineData("structured-logs", "console logs without scopes")]
    [InlineData("structured-logs", "scopes under the ignored legacy key")]
    [InlineData("structured-logs", "text console logs")]
    [InlineData("security", "writable root file system")]
    [InlineData("resources", "no CPU request")]
    [InlineData("state-vector-memory", "state-vector limit unset")]
    [InlineData("state-vector-memory", "state vectors beyond the memory limit")]
    [InlineData("state-vector-memory", "more simulator slots than the memory allows")]
    [InlineData("pod-security", "database may escalate privileges")]
    [InlineData("pod-security", "silo without seccomp")]
    [InlineData("services", "selector matches no pods")]
    [InlineData("services", "target port nobody declares")]
    [InlineData("orleans-not-in-services", "gateway behind a Service")]
    [InlineData("statefulsets", "governing Service not headless")]
    [InlineData("network-policy", "silo port open to another namespace")]
    [InlineData("network-policy", "Orleans rule without peers")]
    [InlineData("network-policy", "policy selects other pods")]
    [InlineData("disruption-budget", "budget allows no eviction")]
    [InlineData("disruption-budget", "budget keeps every silo as a percentage")]
    [InlineData("disruption-budget", "budget lets every silo go")]
    [InlineData("autoscaling", "autoscaler targets a StatefulSet")]
    [InlineData("autoscaling", "fixed replica count")]
    [InlineData("references", "undocumented Secret")]
    [InlineData("references", "missing ConfigMap")]
    [InlineData("documented-environment", "undocumented variable")]
    public async Task A_broken_copy_fails(string check, string breakage)
    {
        var rendered = (await RenderedBase.LoadAsync()).Copy();

        Break(rendered, breakage);

        Assert.NotEmpty(CheckCatalogue.Run(check, rendered));
    }

    private static void Break(RenderedBase rendered, string breakage)
    {
        var silo = rendered.SiloContainer;
        switch (breakage)
        {
            case "readiness path renamed":
                silo.ReadinessProbe.HttpGet.Path = "/ready";
                break;
            case "liveness on the Orleans port":
                silo.LivenessProbe.HttpGet.Port = "silo";
                break;
            case "gateway env disagrees with the container port":
                RenderedBase.Env(silo, "QBroker__Cluster__GatewayPort").Value = "30001";
                break;
            case "loopback-only URL":
                RenderedBase.Env(silo, "ASPNETCORE_URLS").Value = "http://127.0.0.1:8080";
                break;
            case "pod IP from the host":
                RenderedBase.Env(silo, "POD_IP").ValueFrom.FieldRef.FieldPath = "status.hostIP";
                break;
            case "cluster id label missing":
                rendered.SiloPodLabels.Remove("orleans/clusterId");
                break;
            case "connection string as a literal":
                var connection = RenderedBase.Env(silo, "QBroker__Store__ConnectionString");
                connection.ValueFrom = null;
                connection.Value = "Host=db;Password=secret";
                break;
            case "grace period equal to the shutdown timeout":
                rendered.SiloPod.TerminationGracePeriodSeconds = SiloFacts.ShutdownTimeoutSeconds(silo);
                break;
            case "shutdown timeout raised past the grace period":
                // The grace period stays; the silo is told to take longer than it allows.
                var grace = TimeSpan.FromSeconds(rendered.SiloPod.TerminationGracePeriodSeconds ?? 30);
                silo.Env.Add(new V1EnvVar { Name = "QBroker__Shutdown__Timeout", Value = grace.ToString("c", System.Globalization.CultureInfo.InvariantCulture) });
                break;
            case "rollout drops a silo":
                rendered.SiloDeployment.Spec.Strategy.RollingUpdate.MaxUnavailable = 1;
                break;
            case "console logs without scopes":
                RenderedBase.Env(silo, SiloFacts.ConsoleScopesVariable).Value = "false";
                break;
            case "scopes under the ignored legacy key":
                RenderedBase.Env(silo, SiloFacts.ConsoleScopesVariable).Name = "Logging__Console__IncludeScopes";
                break;
            case "text console logs":
                RenderedBase.Env(silo, SiloFacts.ConsoleFormatterVariable).Value = "simple";
                break;
            case "writable root file system":
                silo.SecurityContext.ReadOnlyRootFilesystem = false;
                break;
            case "no CPU request":
                rendered.Single<V1StatefulSet>(RenderedBase.PostgresName).Spec.Template.Spec.Containers[0].Resources.Requests.Remove("cpu");
                break;
            case "state-vector limit unset":
                silo.Env.Remove(RenderedBase.Env(silo, SiloFacts.StateVectorLimitVariable));
                break;
            case "state vectors beyond the memory limit":
                RenderedBase.Env(silo, SiloFacts.StateVectorLimitVariable).Value = (4L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "more simulator slots than the memory allows":
                silo.Env.Add(new V1EnvVar { Name = "QBroker__Broker__SimulatorSlots", Value = "16" });
                break;
            case "database may escalate privileges":
                rendered.Single<V1StatefulSet>(RenderedBase.PostgresName).Spec.Template.Spec.Containers[0].SecurityContext.AllowPrivilegeEscalation = null;
                break;
            case "silo without seccomp":
                rendered.SiloPod.SecurityContext.SeccompProfile = null;
                break;
            case "selector matches no pods":
                rendered.Single<V1Service>(RenderedBase.HttpServiceName).Spec.Selector["app.kubernetes.io/name"] = "qbroker";
                break;
            case "target port nobody declares":
                rendered.Single<V1Service>(RenderedBase.HttpServiceName).Spec.Ports[0].TargetPort = "web";
                break;
            case "gateway behind a Service":
                rendered.Single<V1Service>(RenderedBase.HttpServiceName).Spec.Ports.Add(new V1ServicePort { Name = "gateway", Port = 30000, TargetPort = "gateway" });
                break;
            case "governing Service not headless":
                rendered.Single<V1Service>(RenderedBase.PostgresName).Spec.ClusterIP = null;
                break;
            case "silo port open to another namespace":
                OrleansRule(rendered).FromProperty.Add(new V1NetworkPolicyPeer { NamespaceSelector = new V1LabelSelector() });
                break;
            case "Orleans rule without peers":
                OrleansRule(rendered).FromProperty = null;
                break;
            case "policy selects other pods":
                rendered.Single<V1NetworkPolicy>(RenderedBase.SiloName).Spec.PodSelector.MatchLabels["app.kubernetes.io/name"] = "qbroker-api";
                break;
            case "budget allows no eviction":
                rendered.Single<V1PodDisruptionBudget>(RenderedBase.SiloName).Spec.MaxUnavailable = 0;
                break;
            case "budget keeps every silo as a percentage":
                var keepAll = rendered.Single<V1PodDisruptionBudget>(RenderedBase.SiloName).Spec;
                keepAll.MaxUnavailable = null;
                keepAll.MinAvailable = "100%";
                break;
            case "budget lets every silo go":
                rendered.Single<V1PodDisruptionBudget>(RenderedBase.SiloName).Spec.MaxUnavailable = "100%";
                break;
            case "autoscaler targets a StatefulSet":
                rendered.Single<V2HorizontalPodAutoscaler>(RenderedBase.SiloName).Spec.ScaleTargetRef.Kind = "StatefulSet";
                break;
            case "fixed replica count":
                rendered.SiloDeployment.Spec.Replicas = 3;
                break;
            case "undocumented Secret":
                RenderedBase.Env(silo, "QBROKER_ADMIN_KEY").ValueFrom.SecretKeyRef.Name = "qbroker-undocumented";
                break;
            case "missing ConfigMap":
                rendered.SiloPod.Volumes.Add(new V1Volume { Name = "settings", ConfigMap = new V1ConfigMapVolumeSource { Name = "qbroker-settings" } });
                break;
            case "undocumented variable":
                silo.Env.Add(new V1EnvVar { Name = "QBroker__Undocumented", Value = "1" });
                break;
            default:
                throw new ArgumentException($"No breakage named {breakage}.");
        }
    }

    private static V1NetworkPolicyIngressRule OrleansRule(RenderedBase rendered) =>
        rendered.Single<V1NetworkPolicy>(RenderedBase.SiloName).Spec.Ingress
            .Single(rule => rule.Ports.Any(p => p.Port.Value == SiloFacts.SiloPort.ToString()));
}
