using System.Diagnostics;
using System.Diagnostics.Metrics;
using QBroker.Contracts.Devices;
using QBroker.Contracts.Jobs;

namespace QBroker.Grains.Telemetry;

/// <summary>
/// The broker's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named "QBroker", with every
/// instrument. Durations are in seconds with explicit bucket boundaries (the .NET default buckets are meant for
/// milliseconds). Labels are bounded: device, institution, job kind, outcome and status; a job id appears only in
/// spans and logs, never as a label.
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

    private static BrokerStats s_stats = BrokerStats.Empty;

    static QBrokerTelemetry()
    {
        Meter.CreateObservableGauge("qbroker.queue.depth", () => Stats.Devices.Select(d => new Measurement<long>(d.Queued, Device(d))),
            "{job}", "Jobs waiting for the device (a requirement job waits on every eligible device).");
        Meter.CreateObservableGauge("qbroker.queue.oldest_age", ObserveOldestAge,
            "s", "Age of the oldest job waiting for the device; 0 when none waits.");
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
    }

    /// <summary>The state the gauges report, replaced as a whole by the silo's refresher.</summary>
    public static BrokerStats Stats
    {
        get => Volatile.Read(ref s_stats);
        set => Volatile.Write(ref s_stats, value);
    }

    /// <summary>Counts an accepted submission.</summary>
    public static void JobSubmitted(JobRecord job) =>
        JobsSubmitted.Add(1, new TagList { { DeviceTag, DeviceOf(job) }, { InstitutionTag, job.Spec.InstitutionId }, { KindTag, job.Spec.Kind } });

    /// <summary>
    /// Records one durable transition of a job, at <paramref name="at"/>: the queue wait when it first starts, the run
    /// time and outcome when an execution ends, and the matching spans in the job's trace.
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
        RecordSpan(outcome == JobOutcome.Retried ? "qbroker.job.retry" : "qbroker.job.settle", ActivityKind.Internal, to, at, at, outcome);
    }

    /// <summary>
    /// The submit span (a messaging "send"): in the job's own trace, linked to the span current in the grain when there
    /// is one (the HTTP request, once Orleans propagates activities into grain calls), which stays in its own trace.
    /// </summary>
    public static Activity? StartSubmit(Guid jobId, JobSpec spec)
    {
        var links = Activity.Current is { } caller ? new[] { new ActivityLink(caller.Context) } : null;
        var activity = Source.StartActivity("qbroker.job.submit", ActivityKind.Producer, JobTrace.ParentOf(jobId), links: links);
        activity?.SetTag("messaging.system", "qbroker");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", spec.DeviceId ?? AnyDevice);
        activity?.SetTag("messaging.message.id", jobId.ToString());
        activity?.SetTag(InstitutionTag, spec.InstitutionId);
        activity?.SetTag(KindTag, spec.Kind);
        return activity;
    }

    /// <summary>The execution span (a messaging "process") of one attempt on <paramref name="deviceId"/>, in the job's trace.</summary>
    public static Activity? StartExecution(Guid jobId, string deviceId)
    {
        var activity = Source.StartActivity("qbroker.job.execute", ActivityKind.Consumer, JobTrace.ParentOf(jobId));
        activity?.SetTag("messaging.system", "qbroker");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", deviceId);
        activity?.SetTag("messaging.message.id", jobId.ToString());
        return activity;
    }

    /// <summary>The label a job's metrics carry for its device: where it was placed, else its target, else "any".</summary>
    public static string DeviceOf(JobRecord job) => job.PlacedDeviceId ?? job.Spec.DeviceId ?? AnyDevice;

    /// <summary>A span for a stretch that already happened (queueing) or an instant (dispatch, settlement).</summary>
    private static void RecordSpan(string name, ActivityKind kind, JobRecord job, DateTimeOffset start, DateTimeOffset end, string? outcome)
    {
        using var activity = Source.StartActivity(name, kind, JobTrace.ParentOf(job.Id), startTime: start);
        if (activity is null)
        {
            return;
        }
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
        // Tags first: exporters read the span when it stops.
        activity.SetEndTime(end.UtcDateTime);
    }

    private static IEnumerable<Measurement<double>> ObserveOldestAge()
    {
        var now = DateTimeOffset.UtcNow;
        return Stats.Devices.Select(d => new Measurement<double>(
            d.OldestEnqueuedAt is { } oldest && oldest < now ? Seconds(now - oldest) : 0, Device(d)));
    }

    private static IEnumerable<Measurement<int>> ObserveStatus() =>
        Stats.Devices.SelectMany(d => Enum.GetValues<DeviceStatus>().Select(status => new Measurement<int>(
            status == d.Status ? 1 : 0, new KeyValuePair<string, object?>(DeviceTag, d.DeviceId),
            new KeyValuePair<string, object?>(StatusTag, status.ToString().ToLowerInvariant()))));

    private static KeyValuePair<string, object?> Device(DeviceStats device) => new(DeviceTag, device.DeviceId);

    private static KeyValuePair<string, object?> Institution(InstitutionCredits institution) => new(InstitutionTag, institution.InstitutionId);

    private static double Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds);
}
