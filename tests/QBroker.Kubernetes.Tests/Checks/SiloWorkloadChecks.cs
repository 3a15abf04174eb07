using k8s.Models;
using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests.Checks;

/// <summary>Checks of the silo Deployment against what the silo needs: each returns the problems it finds.</summary>
public static class SiloWorkloadChecks
{
    public static IEnumerable<string> Probes(RenderedBase rendered)
    {
        var container = rendered.SiloContainer;
        foreach (var (name, probe, path) in new[]
        {
            ("liveness", container.LivenessProbe, SiloFacts.LivenessPath),
            ("readiness", container.ReadinessProbe, SiloFacts.ReadinessPath),
            // Start-up gates liveness, so it asks the same dependency-free question with a longer patience.
            ("startup", container.StartupProbe, SiloFacts.LivenessPath),
        })
        {
            if (probe?.HttpGet is not { } get)
            {
                yield return $"The silo has no HTTP {name} probe.";
                continue;
            }
            if (get.Path != path)
            {
                yield return $"The {name} probe asks {get.Path}, but the silo answers {path}.";
            }
            if (RenderedBase.ResolvePort(container, get.Port) != SiloFacts.HttpPort)
            {
                yield return $"The {name} probe uses port {get.Port.Value}, which is not the silo's HTTP port {SiloFacts.HttpPort}.";
            }
        }
        if (container.StartupProbe is { } startup && (startup.PeriodSeconds ?? 10) * (startup.FailureThreshold ?? 3) <= (container.LivenessProbe?.PeriodSeconds ?? 10) * (container.LivenessProbe?.FailureThreshold ?? 3))
        {
            yield return "The startup probe gives the silo no more time to start than liveness would.";
        }
    }

    public static IEnumerable<string> Ports(RenderedBase rendered)
    {
        var container = rendered.SiloContainer;
        foreach (var (portName, expected, variable) in new[]
        {
            ("http", SiloFacts.HttpPort, (string?)null),
            ("silo", SiloFacts.SiloPort, "QBroker__Cluster__SiloPort"),
            ("gateway", SiloFacts.GatewayPort, "QBroker__Cluster__GatewayPort"),
        })
        {
            var declared = container.Ports?.SingleOrDefault(p => p.Name == portName)?.ContainerPort;
            if (declared != expected)
            {
                yield return $"Container port {portName} is {declared?.ToString() ?? "missing"}, expected {expected}.";
            }
            if (variable is not null && container.Env?.SingleOrDefault(e => e.Name == variable)?.Value != expected.ToString())
            {
                yield return $"{variable} does not configure the silo to listen on its declared port {expected}.";
            }
        }
        var urls = container.Env?.SingleOrDefault(e => e.Name == "ASPNETCORE_URLS")?.Value;
        if (urls is null || !Uri.TryCreate(urls, UriKind.Absolute, out var url) || url.Port != SiloFacts.HttpPort || url.Host != "0.0.0.0")
        {
            yield return $"ASPNETCORE_URLS is {urls ?? "unset"}; the silo must listen on all interfaces on port {SiloFacts.HttpPort}.";
        }
    }

    /// <summary>The downward-API environment the silo reads to name itself and advertise its own pod IP.</summary>
    public static IEnumerable<string> DownwardApi(RenderedBase rendered)
    {
        var container = rendered.SiloContainer;
        var expected = new Dictionary<string, string>
        {
            ["POD_NAME"] = "metadata.name",
            ["POD_NAMESPACE"] = "metadata.namespace",
            ["POD_IP"] = "status.podIP",
            ["ORLEANS_SERVICE_ID"] = "metadata.labels['orleans/serviceId']",
            ["ORLEANS_CLUSTER_ID"] = "metadata.labels['orleans/clusterId']",
        };
        foreach (var (variable, fieldPath) in expected)
        {
            var actual = container.Env?.SingleOrDefault(e => e.Name == variable)?.ValueFrom?.FieldRef?.FieldPath;
            if (actual != fieldPath)
            {
                yield return $"{variable} comes from {actual ?? "nowhere"}, expected the downward API field {fieldPath}.";
            }
        }
        // A label the pod does not carry would leave the cluster id empty: every silo must read the same value.
        foreach (var label in new[] { "orleans/serviceId", "orleans/clusterId" })
        {
            if (!rendered.SiloPodLabels.TryGetValue(label, out var value) || string.IsNullOrWhiteSpace(value))
            {
                yield return $"The silo pods carry no {label} label for the downward API to read.";
            }
        }
    }

    public static IEnumerable<string> ClusterConfiguration(RenderedBase rendered)
    {
        var container = rendered.SiloContainer;
        foreach (var (variable, value) in new[] { ("QBroker__Cluster__Mode", "cluster"), ("QBroker__Store__Provider", "postgres") })
        {
            if (container.Env?.SingleOrDefault(e => e.Name == variable)?.Value != value)
            {
                yield return $"{variable} must be {value}.";
            }
        }
        foreach (var secretVariable in new[] { "QBroker__Store__ConnectionString", "QBROKER_ADMIN_KEY" })
        {
            var variable = container.Env?.SingleOrDefault(e => e.Name == secretVariable);
            if (variable?.ValueFrom?.SecretKeyRef is null || variable.Value is not null)
            {
                yield return $"{secretVariable} must come from a Secret, never a literal value.";
            }
        }
    }

    /// <summary>
    /// Console logs are JSON lines that carry their scopes. The trace and span ids that tie a line to its request's or
    /// job's trace are scopes (the silo's ActivityTrackingOptions), and the JSON formatter drops scopes unless its own
    /// options say otherwise: the key is under FormatterOptions (the older Logging:Console:IncludeScopes is ignored once
    /// a formatter is named).
    /// </summary>
    public static IEnumerable<string> StructuredLogs(RenderedBase rendered)
    {
        var environment = rendered.SiloContainer.Env ?? [];
        string? Value(string name) => environment.SingleOrDefault(e => e.Name == name)?.Value;
        if (!string.Equals(Value(SiloFacts.ConsoleFormatterVariable), "json", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{SiloFacts.ConsoleFormatterVariable} is not json: the log collector would get multi-line text.";
        }
        if (!bool.TryParse(Value(SiloFacts.ConsoleScopesVariable), out var scopes) || !scopes)
        {
            yield return $"{SiloFacts.ConsoleScopesVariable} is not true: console logs would carry no trace or span ids.";
        }
    }

    /// <summary>SIGTERM must find the silo enough time to leave the cluster before the kubelet kills it.</summary>
    public static IEnumerable<string> GracefulShutdown(RenderedBase rendered)
    {
        var grace = rendered.SiloPod.TerminationGracePeriodSeconds ?? 30;
        var preStop = PreStopSleepSeconds(rendered.SiloContainer);
        var shutdown = SiloFacts.ShutdownTimeoutSeconds(rendered.SiloContainer);
        if (grace <= shutdown + preStop)
        {
            yield return $"terminationGracePeriodSeconds {grace} does not exceed the preStop pause ({preStop} s) plus the silo's shutdown timeout ({shutdown} s).";
        }
    }

    public static IEnumerable<string> RollingUpdate(RenderedBase rendered)
    {
        var spec = rendered.SiloDeployment.Spec;
        if (spec.Strategy?.Type != "RollingUpdate" || spec.Strategy.RollingUpdate is not { } rolling)
        {
            yield return "The silo Deployment does not use a RollingUpdate strategy.";
            yield break;
        }
        if (rolling.MaxUnavailable?.Value != "0")
        {
            yield return $"maxUnavailable is {rolling.MaxUnavailable?.Value ?? "default (25%)"}: a rollout would drop capacity; it must be 0.";
        }
        if (rolling.MaxSurge?.Value != "1")
        {
            yield return $"maxSurge is {rolling.MaxSurge?.Value ?? "default (25%)"}: silos must be replaced one at a time.";
        }
        if (spec.MinReadySeconds is not > 0)
        {
            yield return "minReadySeconds is not set: the next old silo could stop before the new one has settled.";
        }
    }

    public static IEnumerable<string> Security(RenderedBase rendered)
    {
        var pod = rendered.SiloPod;
        var container = rendered.SiloContainer;
        if ((container.SecurityContext?.RunAsNonRoot ?? pod.SecurityContext?.RunAsNonRoot) != true)
        {
            yield return "The silo does not have to run as a non-root user.";
        }
        if (container.SecurityContext?.ReadOnlyRootFilesystem != true)
        {
            yield return "The silo's root file system is writable.";
        }
        if (container.SecurityContext?.AllowPrivilegeEscalation != false)
        {
            yield return "The silo may escalate privileges.";
        }
        var tmp = container.VolumeMounts?.SingleOrDefault(m => m.MountPath == "/tmp");
        if (tmp is null || pod.Volumes?.SingleOrDefault(v => v.Name == tmp.Name)?.EmptyDir is null)
        {
            yield return "/tmp is not a writable emptyDir, which .NET needs on a read-only root file system.";
        }
        if (pod.AutomountServiceAccountToken != false)
        {
            yield return "The silo mounts a service-account token it has no use for (no UseKubernetesHosting).";
        }
    }

    /// <summary>Every container says what it needs, so the scheduler and the CPU autoscaler have numbers to use.</summary>
    public static IEnumerable<string> Resources(RenderedBase rendered)
    {
        foreach (var (workload, template) in rendered.PodTemplates)
        {
            foreach (var container in template.Spec.Containers)
            {
                var requests = container.Resources?.Requests;
                var limits = container.Resources?.Limits;
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    if (requests?.ContainsKey(resource) != true)
                    {
                        yield return $"{workload}/{container.Name} requests no {resource}.";
                    }
                }
                var limit = Quantity(limits, "memory");
                var request = Quantity(requests, "memory");
                if (limit is null || request is null || limit.ToDecimal() < request.ToDecimal())
                {
                    yield return $"{workload}/{container.Name} has no memory limit at or above its request.";
                }
            }
        }
    }

    /// <summary>
    /// The state-vector limit is set, and every gate-device slot a silo may host holding a state vector of that size
    /// at once stays within the share of the GC heap the silo itself would derive, so a big circuit is refused at
    /// submission instead of getting the pod OOM-killed.
    /// </summary>
    public static IEnumerable<string> StateVectorMemory(RenderedBase rendered)
    {
        var container = rendered.SiloContainer;
        if (!long.TryParse(EnvValue(container, SiloFacts.StateVectorLimitVariable), out var perSimulation) || perSimulation < 16)
        {
            yield return $"{SiloFacts.StateVectorLimitVariable} is not set to a number of bytes: each silo would size local-sim from its own memory.";
            yield break;
        }
        if (Quantity(container.Resources?.Limits, "memory") is not { } limit)
        {
            yield break; // "resources" reports the missing limit.
        }
        var slots = SlotSetting(container, "QBroker__Broker__SimulatorSlots", SiloFacts.SimulatorSlots)
            + (SiloFacts.GateQpus * SlotSetting(container, "QBroker__Broker__QpuSlots", SiloFacts.QpuSlots));
        var budget = (double)limit.ToDecimal() * SiloFacts.GcHeapShareOfMemoryLimit * SiloFacts.StateVectorShareOfHeap;
        if (slots * (double)perSimulation > budget)
        {
            yield return $"{slots} simulations of {perSimulation >> 20} MiB need {slots * perSimulation >> 20} MiB, more than the "
                + $"{(long)budget >> 20} MiB of state-vector memory a {limit} memory limit allows.";
        }
    }

    private static string? EnvValue(V1Container container, string name) => container.Env?.SingleOrDefault(e => e.Name == name)?.Value;

    private static int SlotSetting(V1Container container, string name, int silosDefault) =>
        int.TryParse(EnvValue(container, name), out var slots) ? slots : silosDefault;

    private static ResourceQuantity? Quantity(IDictionary<string, ResourceQuantity>? quantities, string resource) =>
        quantities is not null && quantities.TryGetValue(resource, out var quantity) ? quantity : null;

    private static int PreStopSleepSeconds(V1Container container)
    {
        var command = container.Lifecycle?.PreStop?.Exec?.Command;
        return command is ["sleep", var seconds] && int.TryParse(seconds, out var value) ? value : 0;
    }
}
