using System.Diagnostics;

namespace QBroker.Grains.Telemetry;

/// <summary>
/// One trace per job, whichever silo, activation or restart touches it: the trace id is the job id itself (its 16
/// bytes, big-endian, so the trace id reads like the job id without dashes), and every span of the job hangs under one
/// parent derived from the same id. No trace context has to be stored with the job or passed between grains, and an
/// operator finds a job's trace by its id. The HTTP request that submitted the job is linked from the submit span.
/// </summary>
public static class JobTrace
{
    /// <summary>The remote parent every span of <paramref name="jobId"/> starts under.</summary>
    public static ActivityContext ParentOf(Guid jobId)
    {
        Span<byte> bytes = stackalloc byte[16];
        jobId.TryWriteBytes(bytes, bigEndian: true, out _);
        var traceId = ActivityTraceId.CreateFromBytes(bytes);
        // The last eight bytes of a random (version 4) GUID are never all zero together with a valid variant, so the
        // span id is valid.
        var spanId = ActivitySpanId.CreateFromBytes(bytes[8..]);
        return new ActivityContext(traceId, spanId, ActivityTraceFlags.Recorded, isRemote: true);
    }

    /// <summary>The trace id of <paramref name="jobId"/>'s trace, as exporters print it (32 lower-case hex digits).</summary>
    public static string TraceIdOf(Guid jobId) => ParentOf(jobId).TraceId.ToHexString();
}
