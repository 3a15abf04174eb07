using System.Net;

namespace QBroker.Silo.Hosting;

/// <summary>
/// How this silo finds and joins its cluster. Bound from "QBroker:Cluster"; the Kubernetes downward-API variables
/// (POD_IP, POD_NAME, ORLEANS_CLUSTER_ID, ORLEANS_SERVICE_ID, as k8s/silo/deployment.yaml sets them) fill whatever
/// the section leaves unset.
/// </summary>
public sealed class ClusterModeOptions
{
    public const string SectionName = "QBroker:Cluster";

    /// <summary>One silo on this machine, localhost clustering, the embedded SQLite store (the default).</summary>
    public const string SingleMode = "single";

    /// <summary>Several silos: membership, reminders, grain state and the ledger in the shared store (PostgreSQL).</summary>
    public const string ClusterMode = "cluster";

    /// <summary>"single" (default) or "cluster".</summary>
    public string Mode { get; set; } = SingleMode;

    /// <summary>Silo-to-silo port. Default 11111; silos sharing one machine need distinct ports.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port. Default 30000; silos sharing one machine need distinct ports.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The address other silos reach this one at (cluster mode; POD_IP when unset). Default 127.0.0.1, which lets
    /// several silos on one machine form a cluster. Never a load-balanced Service address.
    /// </summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>Listen on every interface instead of only the advertised address (cluster mode). Default false.</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>This silo's name in membership (POD_NAME when unset; otherwise Orleans picks one).</summary>
    public string? SiloName { get; set; }

    /// <summary>Silos with the same cluster id form one cluster (ORLEANS_CLUSTER_ID when unset). Default "qbroker".</summary>
    public string? ClusterId { get; set; }

    /// <summary>
    /// The service's identity across deployments; reminders and grain state are keyed by it (ORLEANS_SERVICE_ID when
    /// unset). Default "qbroker".
    /// </summary>
    public string? ServiceId { get; set; }

    public bool IsCluster => string.Equals(Mode, ClusterMode, StringComparison.OrdinalIgnoreCase);

    /// <summary>The section, completed from the downward-API variables and validated.</summary>
    public static ClusterModeOptions FromConfiguration(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<ClusterModeOptions>() ?? new ClusterModeOptions();
        options.AdvertisedIp ??= NonEmpty(configuration["POD_IP"]) ?? IPAddress.Loopback.ToString();
        options.SiloName ??= NonEmpty(configuration["POD_NAME"]);
        options.ClusterId ??= NonEmpty(configuration["ORLEANS_CLUSTER_ID"]) ?? "qbroker";
        options.ServiceId ??= NonEmpty(configuration["ORLEANS_SERVICE_ID"]) ?? "qbroker";
        options.Validate();
        return options;
    }

    /// <summary>Fails at boot, with the setting to fix, rather than at the first cluster call.</summary>
    public void Validate()
    {
        if (!string.Equals(Mode, SingleMode, StringComparison.OrdinalIgnoreCase) && !IsCluster)
        {
            throw new InvalidOperationException($"{SectionName}:Mode is '{Mode}'; use '{SingleMode}' or '{ClusterMode}'.");
        }
        if (!IPAddress.TryParse(AdvertisedIp, out _))
        {
            throw new InvalidOperationException($"{SectionName}:AdvertisedIp (or POD_IP) '{AdvertisedIp}' is not an IP address.");
        }
        if (SiloPort is <= 0 or > 65535 || GatewayPort is <= 0 or > 65535 || SiloPort == GatewayPort)
        {
            throw new InvalidOperationException($"{SectionName}:SiloPort ({SiloPort}) and GatewayPort ({GatewayPort}) must be distinct ports.");
        }
    }

    public IPAddress AdvertisedAddress => IPAddress.Parse(AdvertisedIp ?? IPAddress.Loopback.ToString());

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
