namespace QBroker.Silo.Telemetry;

/// <summary>Settings of the broker's telemetry, section "QBroker:Telemetry". Exporters use the standard OTEL_* variables.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "QBroker:Telemetry";

    /// <summary>
    /// Whether telemetry is on (default true): OpenTelemetry traces, metrics and logs, /metrics, Orleans' activity
    /// propagation and the Orleans dashboard. Off, none of them is registered; the overhead benchmark compares the two.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether the grain calls of traced requests and jobs get spans of their own (default false): one server span per
    /// call ("IJobGrain/Submit", "IBudgetGrain/Settled", ...) under the span that made it, through
    /// <see cref="TracedOutgoingCallFilter"/> and <see cref="TracedIncomingCallFilter"/>. Off, a job still leaves one
    /// trace from its HTTP request through the grains (submit in the job grain, queueing, dispatch, execution on the
    /// device, retries, settlement), because the request's context travels with the job itself
    /// (<see cref="QBroker.Contracts.Jobs.JobSpec.TraceParent"/>), and the silo registers no grain-call filter at all.
    /// Off by default because the detail is not free: the filters put every grain call through Orleans' filter
    /// pipeline and every traced one through a RequestContext copy, about 20 KiB and a tenth of the broker's
    /// throughput per job (docs/benchmarks-telemetry.md). Turn it on to see where a slow request spent its time.
    /// </summary>
    public bool GrainCallSpans { get; set; }

    /// <summary>
    /// Whether the Orleans dashboard is served to operators at /dashboard (default false; only with telemetry on). Off
    /// by default because it is not free: its profiling filter runs on every grain call and its collectors poll every
    /// silo each second, which measurably slowed a silo's start while its QKD links fill (the crash-recovery test's
    /// first request). Turn it on with QBroker__Telemetry__OrleansDashboard=true.
    /// </summary>
    public bool OrleansDashboard { get; set; }

    /// <summary>
    /// How often the device, budget, fair-share and QKD gauges are refreshed from the grains (default 5 s; queue gauges
    /// follow the scheduler within a quarter second, see QueueSnapshotBoard). A
    /// Prometheus scrape between two refreshes sees the last copy; ages are computed at scrape time, so they never lag.
    /// </summary>
    public TimeSpan StatsRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The service.name resource attribute when OTEL_SERVICE_NAME does not set one (default "qbroker-silo").</summary>
    public string ServiceName { get; set; } = "qbroker-silo";
}
