namespace QBroker.Storage;

/// <summary>Where durable state lives. Bound from the "QBroker:Store" configuration section.</summary>
public sealed class StoreOptions
{
    public const string SectionName = "QBroker:Store";

    /// <summary>"sqlite" (embedded, one machine; the default) or "postgres" (cluster).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Folder of the SQLite file (qbroker.db). Set from QBROKER_DATA_DIR by the host.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Connection string for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite synchronous mode. FULL (default) makes every commit survive power loss, not only a process kill;
    /// group commit amortises the fsync over a whole batch of writes.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>At most this many writes share one transaction.</summary>
    public int MaxWriteBatch { get; set; } = 512;

    public string SqliteFilePath => Path.Combine(DataDirectory, "qbroker.db");
}
