using k8s.Models;
using Microsoft.Extensions.Configuration;
using QBroker.Kubernetes.Tests.Infrastructure;
using QBroker.Silo.Hosting;

namespace QBroker.Kubernetes.Tests.Checks;

/// <summary>What the silo itself listens on and answers, which the manifests must agree with.</summary>
public static class SiloFacts
{
    /// <summary>The container's ASPNETCORE_URLS port (the Dockerfile and the Deployment both set it).</summary>
    public const int HttpPort = 8080;

    /// <summary>Orleans silo-to-silo port; the silo's QBroker:Cluster:SiloPort default.</summary>
    public const int SiloPort = 11111;

    /// <summary>Orleans gateway (client) port; the silo's QBroker:Cluster:GatewayPort default.</summary>
    public const int GatewayPort = 30000;

    /// <summary>Liveness endpoint: answers while the process runs, with no dependencies.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>Readiness endpoint: 503 until recovery has finished and again once shutdown begins.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>
    /// The host shutdown timeout (HostOptions.ShutdownTimeout) the silo in <paramref name="container"/> runs with: its
    /// own ShutdownOptions read from the silo's appsettings.json and the container's literal environment, as the silo
    /// reads them at boot. It needs this long after SIGTERM to turn unready, hand its jobs over and leave the cluster.
    /// </summary>
    public static int ShutdownTimeoutSeconds(V1Container container)
    {
        var environment = (container.Env ?? [])
            .Where(variable => variable.Value is not null)
            .Select(variable => KeyValuePair.Create(variable.Name.Replace("__", ":", StringComparison.Ordinal), (string?)variable.Value));
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(RepositoryLayout.SiloAppSettings)
            .AddInMemoryCollection(environment)
            .Build();
        return (int)Math.Ceiling(ShutdownOptions.FromConfiguration(configuration).Timeout.TotalSeconds);
    }

    public const string MetricsPath = "/metrics";

    /// <summary>The silo's configuration key (as an environment variable) for the memory of one state-vector simulation.</summary>
    public const string StateVectorLimitVariable = "QBroker__Backends__MaxStateVectorBytes";

    /// <summary>Default slots of the local simulator (QBroker:Broker:SimulatorSlots) and of each QPU (QpuSlots).</summary>
    public const int SimulatorSlots = 2;

    public const int QpuSlots = 1;

    /// <summary>Gate QPUs in the catalogue (IonQ, IBM, Rigetti); each slot of theirs may hold a state vector too.</summary>
    public const int GateQpus = 3;

    /// <summary>The GC heap's hard limit in a container: the .NET runtime's default share of the memory limit.</summary>
    public const double GcHeapShareOfMemoryLimit = 0.75;

    /// <summary>Share of the GC heap the silo gives state vectors when it derives the limit (StateVectorMemoryBudget.Fraction).</summary>
    public const double StateVectorShareOfHeap = 0.5;

    /// <summary>Selects the console log formatter (ConsoleLoggerOptions.FormatterName).</summary>
    public const string ConsoleFormatterVariable = "Logging__Console__FormatterName";

    /// <summary>Whether the named console formatter writes scopes, trace and span ids among them.</summary>
    public const string ConsoleScopesVariable = "Logging__Console__FormatterOptions__IncludeScopes";
}
