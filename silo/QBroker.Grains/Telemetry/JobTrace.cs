using System.Diagnostics;
using QBroker.Contracts.Jobs;

namespace QBroker.Grains.Telemetry;

/// <summary>
/// One trace per job, whichever silo, activation or restart touches it. The submit span is a child of the span current
/// at submission (with Orleans' activity propagation, the HTTP request: the trace's root), and its W3C context is
/// stored with the job (<see cref="JobSpec.TraceParent"/>), so every later span of the job (queueing, dispatch,
/// execution, retries, settlement) is recorded under it, even on another silo or after a restart.
/// </summary>
public static class JobTrace
{
    /// <summary>The context every later span of <paramref name="job"/> starts under: its submit span.</summary>
    public static ActivityContext ParentOf(JobRecord job) =>
        ActivityContext.TryParse(job.Spec.TraceParent, null, isRemote: true, out var submitted) ? submitted : Derived(job.Id);

    /// <summary>
    /// The parent of a job submitted without a recorded span (telemetry was off): a context derived from the job id
    /// itself, its 16 bytes big-endian as the trace id, so the job's later spans still share one trace.
    /// </summary>
    public static ActivityContext Derived(Guid jobId)
    {
        Span<byte> bytes = stackalloc byte[16];
        jobId.TryWriteBytes(bytes, bigEndian: true, out _);
        var traceId = ActivityTraceId.CreateFromBytes(bytes);
        // Job ids (version 7 GUIDs) end in random bits and a fixed variant, so the last eight bytes are never all zero
        // and the span id is valid.
        var spanId = ActivitySpanId.CreateFromBytes(bytes[8..]);
        return new ActivityContext(traceId, spanId, ActivityTraceFlags.Recorded, isRemote: true);
    }
}
