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
}
