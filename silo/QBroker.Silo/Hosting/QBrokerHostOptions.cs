namespace QBroker.Silo.Hosting;

/// <summary>Host-level settings. Bound from "QBroker"; QBROKER_DATA_DIR and QBROKER_ADMIN_KEY map onto it.</summary>
public sealed class QBrokerHostOptions
{
    public const string SectionName = "QBroker";

    /// <summary>Where the embedded store and the generated key files live. Default: ./data.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>An operator key injected from outside (a Kubernetes secret). When unset, one is generated on first start.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Seed the program's institutions, projects, researchers and their keys into an empty store.</summary>
    public bool SeedDemoWorld { get; set; } = true;

    /// <summary>
    /// Shares of the program's allocation per institution id, replacing the demo world's when it is seeded (for
    /// example <c>QBroker__InstitutionShares__kaist=12</c>), so a deployment or a fairness experiment sets its own
    /// split without a code change.
    /// </summary>
    public Dictionary<string, int> InstitutionShares { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Largest request body accepted, in bytes; larger ones get 413.</summary>
    public long MaxRequestBytes { get; set; } = 1 << 20;

    public string AdminKeyFile => Path.Combine(DataDir, "admin.key");

    public string DemoKeysFile => Path.Combine(DataDir, Accounts.DemoKeys.FileName);
}
