namespace QBroker.Silo.Telemetry;

/// <summary>Settings of the broker's telemetry, section "QBroker:Telemetry". Exporters use the standard OTEL_* variables.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "QBroker:Telemetry";

    /// <summary>
    /// How often the queue, device and budget gauges are refreshed from the grains (default 5 s). A Prometheus scrape
    /// between two refreshes sees the last copy; ages are computed at scrape time, so they never lag.
    /// </summary>
    public TimeSpan StatsRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The service.name resource attribute when OTEL_SERVICE_NAME does not set one (default "qbroker-silo").</summary>
    public string ServiceName { get; set; } = "qbroker-silo";
}
