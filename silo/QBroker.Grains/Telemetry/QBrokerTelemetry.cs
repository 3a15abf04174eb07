using System.Diagnostics;
using System.Diagnostics.Metrics;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;
using QBroker.Contracts.Qkd;

namespace QBroker.Grains.Telemetry;

/// <summary>
/// The broker's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named "QBroker", with every
/// instrument. Durations are in seconds with explicit bucket boundaries (the .NET default buckets are meant for
/// milliseconds). Labels are bounded: device, institution, job kind, outcome, status, QKD link and its two sites, ETSI
/// endpoint, HTTP method (GET, POST or _OTHER) and HTTP status; a job id or key id appears only in spans and logs, never
/// as a label.
/// </summary>
public static class QBrokerTelemetry
{
    public const string Name = "QBroker";

    /// <summary>Label names, in OpenTelemetry's dotted form (Prometheus shows them with underscores).</summary>
    public const string DeviceTag = "qbroker.device";
    public const string InstitutionTag = "qbroker.institution";
    public const string KindTag = "qbroker.job.kind";
    public const string OutcomeTag = "qbroker.job.outcome";
    public const string StatusTag = "qbroker.device.status";
    public const string LinkTag = "qbroker.qkd.link";
    public const string MasterSiteTag = "qbroker.qkd.master";
    public const string SlaveSiteTag = "qbroker.qkd.slave";
    public const string PoolStateTag = "qbroker.qkd.pool.state";
    public const string EtsiEndpointTag = "qbroker.etsi.endpoint";
    public const string HttpStatusTag = "http.response.status_code";
    public const string HttpMethodTag = "http.request.method";

    /// <summary>The device label of a job that may run on any of several devices and has not been placed yet.</summary>
    public const string AnyDevice = "any";

    /// <summary>
    /// Queue waits run from milliseconds (an idle device) to a day (a busy QPU behind a fair-share backlog); the
    /// boundaries are roughly 1-2.5-5 per decade so quantiles stay within a factor of about 2.5 anywhere in that range.
    /// </summary>
    public static readonly IReadOnlyList<double> QueueWaitBuckets =
        [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400];

    /// <summary>Executions take from milliseconds (a small simulated circuit) to an hour (a long annealing batch).</summary>
    public static readonly IReadOnlyList<double> RunBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> JobsSubmitted = Meter.CreateCounter<long>(
        "qbroker.jobs.submitted", "{job}", "Jobs accepted into the queue, by target device (\"any\" for requirement jobs), institution and kind.");

    public static readonly Counter<long> JobOutcomes = Meter.CreateCounter<long>(
        "qbroker.jobs.outcomes", "{job}", "Jobs that completed, failed, were cancelled, or were retried after a transient fault; throughput is its rate.");

    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram(
        "qbroker.job.queue_wait.duration", "s", "Time from submission to the start of the first execution.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = QueueWaitBuckets });

    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram(
        "qbroker.job.run.duration", "s", "Time from the start of an execution to its outcome, including the device's hold time.", tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });

    public static readonly Counter<long> EtsiRequests = Meter.CreateCounter<long>(
        "qbroker.etsi.requests", "{request}", "ETSI GS QKD 014 requests under /api/v1/keys, by endpoint, method and HTTP status.");

    public static readonly Counter<long> EtsiErrors = Meter.CreateCounter<long>(
        "qbroker.etsi.errors", "{request}", "ETSI GS QKD 014 requests answered with an error status (400 and above), by endpoint and status.");

    private static readonly ObservableGauge<long> s_queueDepth;

    private static readonly ObservableGauge<long> s_institutionQueueDepth;

    private static BrokerStats s_stats = BrokerStats.Empty;

    static QBrokerTelemetry()
    {
        s_queueDepth = Meter.CreateObservableGauge("qbroker.queue.depth", () => Depths(QueueSnapshotBoard.Current.Devices, DeviceTag),
            "{job}", "Jobs waiting for the device (a requirement job waits on every eligible device).");
        Meter.CreateObservableGauge("qbroker.queue.oldest_age", () => OldestAges(QueueSnapshotBoard.Current.Devices, DeviceTag),
            "s", "Age of the oldest job waiting for the device; 0 when none waits.");
        s_institutionQueueDepth = Meter.CreateObservableGauge("qbroker.institution.queue.depth",
            () => Depths(QueueSnapshotBoard.Current.Institutions, InstitutionTag),
            "{job}", "Jobs of the institution waiting for any device, each counted once.");
        Meter.CreateObservableGauge("qbroker.institution.queue.oldest_age", () => OldestAges(QueueSnapshotBoard.Current.Institutions, InstitutionTag),
            "s", "Age of the institution's oldest waiting job; 0 when none waits.");
        Meter.CreateObservableGauge("qbroker.device.busy_slots", () => Stats.Devices.Select(d => new Measurement<long>(d.Running, Device(d))),
            "{slot}", "Execution slots of the device running a job.");
        Meter.CreateObservableGauge("qbroker.device.slots", () => Stats.Devices.Select(d => new Measurement<long>(d.Slots, Device(d))),
            "{slot}", "Execution slots of the device; utilisation is busy_slots / slots.");
        Meter.CreateObservableGauge("qbroker.device.status", ObserveStatus,
            "1", "1 for the device's current status (online, maintenance, offline), 0 for the others.");
        Meter.CreateObservableGauge("qbroker.credits.spent", () => Stats.Institutions.Select(i => new Measurement<double>((double)i.Spent, Institution(i))),
            "{credit}", "Credits charged to the institution in the current budget period.");
        Meter.CreateObservableGauge("qbroker.credits.escrowed", () => Stats.Institutions.Select(i => new Measurement<double>((double)i.Escrowed, Institution(i))),
            "{credit}", "Credits held in escrow for the institution's waiting and running jobs.");
        Meter.CreateObservableGauge("qbroker.credits.budget", () => Stats.Institutions
                .Where(i => i.Budget is not null).Select(i => new Measurement<double>((double)i.Budget!.Value, Institution(i))),
            "{credit}", "The institution's budget for the period; absent when unlimited.");
        Meter.CreateObservableGauge("qbroker.fairshare.factor", () => Stats.FairShare.Select(f => new Measurement<double>(f.Factor, Institution(f.InstitutionId))),
            "1", "The institution's fair-share factor in [0, 1]: 1 when it used nothing, 0.5 when its usage matches its share.");
        Meter.CreateObservableGauge("qbroker.fairshare.usage", () => Stats.FairShare.Select(f => new Measurement<double>(f.DecayedUsage, Institution(f.InstitutionId))),
            "{credit}", "The institution's usage in credits, decayed with the fair-share half-life.");
        Meter.CreateObservableGauge("qbroker.fairshare.share", () => Stats.FairShare.Select(f => new Measurement<double>(f.NormalizedShare, Institution(f.InstitutionId))),
            "1", "The institution's normalised share of the program (its shares over all institutions' shares).");
        Meter.CreateObservableGauge("qbroker.qkd.secure_key_rate", () => Stats.Links.Select(l => new Measurement<double>(l.SecureKeyRateBitsPerSecond, Link(l))),
            "bit/s", "Secure key rate of the link's last block; 0 when it aborted.");
        Meter.CreateObservableGauge("qbroker.qkd.qber", () => Stats.Links.Where(l => l.Qber is not null).Select(l => new Measurement<double>(l.Qber!.Value, Link(l))),
            "1", "Quantum bit error rate estimated in the link's last block; absent before the first estimate.");
        Meter.CreateObservableGauge("qbroker.qkd.aborting", () => Stats.Links.Select(l => new Measurement<int>(l.Aborting ? 1 : 0, Link(l))),
            "1", "1 while the link's last block aborted (QBER alarm, too few detections): relays route around it.");
        Meter.CreateObservableGauge("qbroker.qkd.pool.stored", () => Pools().Select(p => new Measurement<long>(p.Pool.StoredBytes, Pool(p.Link, p.Pool))),
            "By", "Key held in the direction's pool, waiting to be delivered.");
        Meter.CreateObservableGauge("qbroker.qkd.pool.capacity", () => Pools().Select(p => new Measurement<long>(p.Pool.CapacityBytes, Pool(p.Link, p.Pool))),
            "By", "Capacity of the direction's pool; the link pauses when both directions are full.");
        Meter.CreateObservableGauge("qbroker.qkd.pool.status", ObservePoolStates,
            "1", "1 for the direction's current pool state (ready, charging, low, empty), 0 for the others.");
        Meter.CreateObservableCounter("qbroker.qkd.blocks", () => Stats.Links.Select(l => new Measurement<long>(l.BlocksRun, Link(l))),
            "{block}", "Protocol blocks the link has run since it was created (durable, so it survives restarts).");
        Meter.CreateObservableCounter("qbroker.qkd.blocks.aborted", () => Stats.Links.Select(l => new Measurement<long>(l.BlocksAborted, Link(l))),
            "{block}", "Protocol blocks of the link that aborted and released no key.");
    }

    /// <summary>The state the gauges report, replaced as a whole by the silo's refresher.</summary>
    public static BrokerStats Stats
    {
        get => Volatile.Read(ref s_stats);
        set => Volatile.Write(ref s_stats, value);
    }

    /// <summary>Whether a metrics reader listens to the queue gauges (the scheduler publishes snapshots only then).</summary>
    public static bool QueueGaugesObserved => s_queueDepth.Enabled || s_institutionQueueDepth.Enabled;

    /// <summary>Counts an accepted submission.</summary>
    public static void JobSubmitted(JobRecord job) =>
        JobsSubmitted.Add(1, new TagList { { DeviceTag, DeviceOf(job) }, { InstitutionTag, job.Spec.InstitutionId }, { KindTag, job.Spec.Kind } });

    /// <summary>
    /// Records one durable transition of a job, at <paramref name="at"/>: the queue wait when it first starts, the run
    /// time and outcome when an execution ends, and the queueing, dispatch and retry spans in the job's trace. A terminal
    /// transition's span is <see cref="StartSettlement"/>'s, which covers the settlement work itself.
    /// </summary>
    public static void JobTransitioned(JobRecord from, JobRecord to, DateTimeOffset at)
    {
        var device = DeviceOf(to);
        if (to.State == JobState.Running && to.Attempts == 1 && to.StartedAt is { } started)
        {
            QueueWait.Record(Seconds(started - from.CreatedAt), new TagList { { DeviceTag, device }, { InstitutionTag, to.Spec.InstitutionId } });
            RecordSpan("qbroker.job.queued", ActivityKind.Internal, to, from.CreatedAt, started, outcome: null);
        }
        if (to.State == JobState.Running)
        {
            RecordSpan("qbroker.job.dispatch", ActivityKind.Internal, to, at, at, outcome: null);
        }
        var outcome = JobOutcome.Of(from.State, to.State);
        if (outcome is null)
        {
            return;
        }
        JobOutcomes.Add(1, new TagList { { OutcomeTag, outcome }, { DeviceTag, device }, { InstitutionTag, to.Spec.InstitutionId } });
        if (from.State == JobState.Running && from.StartedAt is { } ranFrom)
        {
            RunDuration.Record(Seconds(at - ranFrom), new TagList { { DeviceTag, device }, { OutcomeTag, outcome } });
        }
        if (outcome == JobOutcome.Retried)
        {
            // An instant: the transition back to the queue. The wait that follows shows as the gap before the next
            // dispatch span.
            RecordSpan("qbroker.job.retry", ActivityKind.Internal, to, at, at, outcome);
        }
    }

    /// <summary>
    /// The settlement span of a terminal transition from <paramref name="from"/> to <paramref name="to"/>, under the
    /// job's submit span. Started before the durable write that records the outcome with its ledger rows and current
    /// while the budget grain hears of it, so its duration is the settlement's and that grain call is traced inside it;
    /// the caller ends it. A failed job's settlement has status error.
    /// </summary>
    public static Activity? StartSettlement(JobRecord from, JobRecord to)
    {
        var activity = Source.StartActivity("qbroker.job.settle", ActivityKind.Internal, JobTrace.ParentOf(to));
        if (activity is not null)
        {
            TagJobSpan(activity, to, JobOutcome.Of(from.State, to.State));
        }
        return activity;
    }

    /// <summary>Marks <paramref name="span"/> as ended by <paramref name="error"/> (status error, <c>error.type</c>).</summary>
    public static void MarkFailed(Activity? span, Exception error)
    {
        span?.SetStatus(ActivityStatusCode.Error, error.Message);
        span?.SetTag("error.type", error.GetType().FullName);
    }

    /// <summary>
    /// The submit span (a messaging "send"), in the trace of the HTTP request that submitted the job, so that request is
    /// the trace's root: a child of the span current in the grain (the grain call's span, with grain-call spans on), else
    /// of the request's span that came with the spec (<see cref="JobSpec.TraceParent"/>). Its own context replaces that
    /// one in the stored job, for the job's later spans.
    /// </summary>
    public static Activity? StartSubmit(Guid jobId, JobSpec spec)
    {
        // A default context makes StartActivity take the current span as the parent.
        var request = Activity.Current is null && ActivityContext.TryParse(spec.TraceParent, null, isRemote: true, out var sent) ? sent : default;
        var activity = Source.StartActivity("qbroker.job.submit", ActivityKind.Producer, request);
        activity?.SetTag("messaging.system", "qbroker");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", spec.DeviceId ?? AnyDevice);
        activity?.SetTag("messaging.message.id", jobId.ToString());
        activity?.SetTag(InstitutionTag, spec.InstitutionId);
        activity?.SetTag(KindTag, spec.Kind);
        return activity;
    }

    /// <summary>
    /// The execution span (a messaging "process") of <paramref name="job"/>'s current attempt on
    /// <paramref name="deviceId"/>, under the job's submit span. Current while it runs, so the grain calls the device
    /// makes for the job (its outcome, the settlement) are traced inside it.
    /// </summary>
    public static Activity? StartExecution(JobRecord job, string deviceId)
    {
        var activity = Source.StartActivity("qbroker.job.execute", ActivityKind.Consumer, JobTrace.ParentOf(job));
        activity?.SetTag("messaging.system", "qbroker");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", deviceId);
        activity?.SetTag("messaging.message.id", job.Id.ToString());
        activity?.SetTag("qbroker.job.attempt", job.Attempts);
        return activity;
    }

    /// <summary>
    /// Detaches a background loop from the call that started it: a device's slot loop inherits the span and Orleans
    /// request context of whichever grain call first assigned the device, which belong to another job's trace. Without
    /// this, every later grain call of the loop would be filed under that trace.
    /// </summary>
    public static void DetachFromCaller()
    {
        Activity.Current = null;
        Orleans.Runtime.RequestContext.Clear();
    }

    /// <summary>
    /// A span for one QKD protocol block of <paramref name="linkId"/> (a root: blocks run on the link's timer, not for a
    /// request). <see cref="QkdBlockEnded"/> adds its result.
    /// </summary>
    public static Activity? StartQkdBlock(string linkId)
    {
        DetachFromCaller();
        var activity = Source.StartActivity("qbroker.qkd.block", ActivityKind.Internal);
        activity?.SetTag(LinkTag, linkId);
        return activity;
    }

    /// <summary>Records a block's outcome on its span: the QBER estimate, the secure key rate, and why it aborted.</summary>
    public static void QkdBlockEnded(Activity? block, double? qber, double keyRateBitsPerSecond, string? abortReason)
    {
        if (block is null)
        {
            return;
        }
        if (qber is { } estimate)
        {
            block.SetTag("qbroker.qkd.qber", estimate);
        }
        block.SetTag("qbroker.qkd.secure_key_rate", keyRateBitsPerSecond);
        if (abortReason is not null)
        {
            block.SetTag("error.type", abortReason);
            block.SetStatus(ActivityStatusCode.Error, "block aborted: " + abortReason);
        }
    }

    /// <summary>
    /// The span of one ETSI GS QKD 014 request (key status, delivery to the master, claim by the slave), current while
    /// the request runs so the key-delivery and link grain calls it makes are traced inside it.
    /// </summary>
    public static Activity? StartKeyDelivery(string endpoint, string? slaveSaeId)
    {
        var activity = Source.StartActivity("qbroker.qkd.key_delivery " + endpoint, ActivityKind.Internal);
        activity?.SetTag(EtsiEndpointTag, endpoint);
        if (slaveSaeId is not null)
        {
            activity?.SetTag("qbroker.etsi.slave_sae_id", slaveSaeId);
        }
        return activity;
    }

    /// <summary>
    /// Counts one finished ETSI request, its method reduced to a bounded label (<see cref="HttpMethodLabel"/>); statuses
    /// of 400 and above also count as errors.
    /// </summary>
    public static void EtsiRequestFinished(string endpoint, string method, int status)
    {
        EtsiRequests.Add(1, new TagList { { EtsiEndpointTag, endpoint }, { HttpMethodTag, HttpMethodLabel.Of(method) }, { HttpStatusTag, status } });
        if (status >= 400)
        {
            EtsiErrors.Add(1, new TagList { { EtsiEndpointTag, endpoint }, { HttpStatusTag, status } });
        }
    }

    /// <summary>The label a job's metrics carry for its device: where it was placed, else its target, else "any".</summary>
    public static string DeviceOf(JobRecord job) => job.PlacedDeviceId ?? job.Spec.DeviceId ?? AnyDevice;

    /// <summary>A span for a stretch that already happened (queueing) or an instant (dispatch, retry).</summary>
    private static void RecordSpan(string name, ActivityKind kind, JobRecord job, DateTimeOffset start, DateTimeOffset end, string? outcome)
    {
        using var activity = Source.StartActivity(name, kind, JobTrace.ParentOf(job), startTime: start);
        if (activity is null)
        {
            return;
        }
        TagJobSpan(activity, job, outcome);
        // Tags first: exporters read the span when it stops.
        activity.SetEndTime(end.UtcDateTime);
    }

    /// <summary>The attributes every span of a job's life after submission carries, and its outcome if it has one.</summary>
    private static void TagJobSpan(Activity activity, JobRecord job, string? outcome)
    {
        activity.SetTag("messaging.message.id", job.Id.ToString());
        activity.SetTag(DeviceTag, DeviceOf(job));
        activity.SetTag("qbroker.job.attempt", job.Attempts);
        if (outcome is not null)
        {
            activity.SetTag(OutcomeTag, outcome);
        }
        if (job.State == JobState.Failed)
        {
            activity.SetStatus(ActivityStatusCode.Error, job.Error);
            activity.SetTag("error.type", "job_failed");
        }
    }

    private static IEnumerable<Measurement<long>> Depths(IReadOnlyList<QueueLine> queues, string label) =>
        queues.Select(q => new Measurement<long>(q.Queued, new KeyValuePair<string, object?>(label, q.Key)));

    private static IEnumerable<Measurement<double>> OldestAges(IReadOnlyList<QueueLine> queues, string label)
    {
        var now = DateTimeOffset.UtcNow;
        return queues.Select(q => new Measurement<double>(
            q.OldestEnqueuedAt is { } oldest && oldest < now ? Seconds(now - oldest) : 0, new KeyValuePair<string, object?>(label, q.Key)));
    }

    private static IEnumerable<Measurement<int>> ObserveStatus() =>
        Stats.Devices.SelectMany(d => Enum.GetValues<DeviceStatus>().Select(status => new Measurement<int>(
            status == d.Status ? 1 : 0, new KeyValuePair<string, object?>(DeviceTag, d.DeviceId),
            new KeyValuePair<string, object?>(StatusTag, status.ToString().ToLowerInvariant()))));

    private static KeyValuePair<string, object?> Device(DeviceStats device) => new(DeviceTag, device.DeviceId);

    private static KeyValuePair<string, object?> Institution(InstitutionCredits institution) => new(InstitutionTag, institution.InstitutionId);

    private static KeyValuePair<string, object?> Institution(string institutionId) => new(InstitutionTag, institutionId);

    private static KeyValuePair<string, object?> Link(LinkSnapshot link) => new(LinkTag, link.Definition.Id);

    private static IEnumerable<(LinkSnapshot Link, KeyPoolSnapshot Pool)> Pools() =>
        Stats.Links.SelectMany(l => new[] { (l, l.AToB), (l, l.BToA) });

    private static TagList Pool(LinkSnapshot link, KeyPoolSnapshot pool) =>
        new() { { LinkTag, link.Definition.Id }, { MasterSiteTag, pool.FromSite }, { SlaveSiteTag, pool.ToSite } };

    private static IEnumerable<Measurement<int>> ObservePoolStates() =>
        Pools().SelectMany(p => Enum.GetValues<KeyPoolState>().Select(state =>
        {
            var tags = Pool(p.Link, p.Pool);
            tags.Add(PoolStateTag, state.ToString().ToLowerInvariant());
            return new Measurement<int>(state == p.Pool.State ? 1 : 0, tags);
        }));

    private static double Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds);
}
