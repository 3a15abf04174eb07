using System.Globalization;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// The configuration of one silo of a test cluster, as configuration keys ("QBroker:Cluster:Mode"); a process gets
/// them as environment variables ("QBroker__Cluster__Mode"). Membership is tuned to declare a silent silo dead in
/// about ten seconds instead of the default ~15-30: probes time out after a second, three misses make a suspicion,
/// two votes (of the two survivors) a death; a silo that Orleans already marks ShuttingDown takes one vote, which is
/// why a silo drains its devices before Orleans' shutdown starts (SchedulerStartup, docs/benchmarks-cluster.md).
/// </summary>
public sealed class NodeSettings
{
    public const string OperatorKey = "qbo_cluster-test-operator-key-0123456789abcdefghijklmnopqrstuvwxyz";

    private NodeSettings(string name, int httpPort, int siloPort, Dictionary<string, string> values)
    {
        Name = name;
        HttpPort = httpPort;
        SiloPort = siloPort;
        Values = values;
    }

    public string Name { get; }

    public int HttpPort { get; }

    public int SiloPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}");

    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>A silo of a cluster on the shared PostgreSQL database.</summary>
    public static NodeSettings ClusterSilo(string name, string clusterId, string connectionString, string dataDir) =>
        Create(name, dataDir, new Dictionary<string, string>
        {
            ["QBroker:Cluster:Mode"] = "cluster",
            ["QBroker:Cluster:ClusterId"] = clusterId,
            ["QBroker:Cluster:SiloName"] = name,
            ["QBroker:Store:Provider"] = "postgres",
            ["QBroker:Store:ConnectionString"] = connectionString,
        });

    /// <summary>
    /// The negative control: a silo of a cluster whose membership is shared (the harness gives it a membership table
    /// on PostgreSQL) but which keeps jobs, ledger, grain state and reminders in a SQLite store of its own, a
    /// throw-away store that dies with it, as memory storage would.
    /// </summary>
    public static NodeSettings SiloLocalStoreSilo(string name, string clusterId, string dataDir) =>
        Create(name, dataDir, new Dictionary<string, string>
        {
            ["QBroker:Cluster:Mode"] = "cluster",
            ["QBroker:Cluster:ClusterId"] = clusterId,
            ["QBroker:Cluster:SiloName"] = name,
            ["QBroker:Store:Provider"] = "sqlite",
        });

    /// <summary>These settings (same name and ports) with some values replaced or added.</summary>
    public NodeSettings With(IReadOnlyDictionary<string, string> overrides)
    {
        var values = new Dictionary<string, string>(Values);
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }
        return new NodeSettings(Name, HttpPort, SiloPort, values);
    }

    /// <summary>The same settings as environment variables for a silo process.</summary>
    public IReadOnlyDictionary<string, string> AsEnvironment() =>
        Values.ToDictionary(pair => pair.Key.Replace(":", "__", StringComparison.Ordinal), pair => pair.Value);

    private static NodeSettings Create(string name, string dataDir, Dictionary<string, string> values)
    {
        var httpPort = FreePorts.Next();
        var siloPort = FreePorts.Next();
        values["urls"] = $"http://127.0.0.1:{httpPort}";
        values["QBroker:DataDir"] = dataDir;
        values["QBroker:AdminKey"] = OperatorKey;
        values["QBroker:Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        values["QBroker:Cluster:GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        values["QBroker:Cluster:Membership:ProbeTimeout"] = "00:00:01";
        values["QBroker:Cluster:Membership:NumMissedProbesLimit"] = "3";
        values["QBroker:Cluster:Membership:NumVotesForDeathDeclaration"] = "2";
        values["QBroker:Cluster:Membership:TableRefreshTimeout"] = "00:00:01";
        values["QBroker:Cluster:Membership:IAmAliveTablePublishTimeout"] = "00:00:02";
        values["QBroker:Cluster:Membership:DeathVoteExpirationTimeout"] = "00:00:20";
        // Short device times (a few milliseconds) and more simulator slots: thousands of jobs in tens of seconds.
        values["QBroker:Broker:DeviceTimeScale"] = "0.01";
        values["QBroker:Broker:SimulatorSlots"] = "16";
        values["QBroker:Broker:RetryBackoff"] = "00:00:00.200";
        values["QBroker:Broker:MaxRetryBackoff"] = "00:00:01";
        // The demo QKD links would spend a core filling their pools after every start; nothing here uses them.
        values["QBroker:Qkd:BlockPeriod"] = "01:00:00";
        // A stopping silo answers unready for a moment before it stops listening (as behind a load balancer).
        values["QBroker:Shutdown:UnreadyDelay"] = "00:00:01";
        values["QBroker:Shutdown:Timeout"] = "00:00:30";
        values["Logging:LogLevel:Default"] = "Warning";
        // Enough to trace a leave afterwards in the silos' logs: membership changes and votes, and the hand-over.
        values["Logging:LogLevel:Orleans.Runtime.MembershipService"] = "Information";
        values["Logging:LogLevel:QBroker.Silo.Hosting"] = "Information";
        return new NodeSettings(name, httpPort, siloPort, values);
    }
}
