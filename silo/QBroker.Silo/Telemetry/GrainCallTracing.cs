using System.Diagnostics;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// Trace context through the grain calls of traced requests and jobs, in place of Orleans' <c>AddActivityPropagation()</c>.
/// Orleans' filters start two activities per grain call (a client span at the caller, a server span at the grain),
/// each with a fresh span id, its tags and its W3C id string, and do so for untraced calls too (the scheduler's, the
/// device slots', the gauge refresher's); on a warm silo that cost a sixth of the broker's throughput
/// (docs/benchmarks-telemetry.md). Here the caller only lends the span it is in: a call made inside a recorded span
/// carries that span's context in Orleans' <c>RequestContext</c> under "traceparent" (so it crosses silos), and the
/// grain runs the call under one server span, its child, which is current while the grain works so the grain's own
/// spans and calls join the trace. A call made outside a recorded span costs one check on the way out and one
/// dictionary lookup on the way in. Span names ("IJobGrain/Submit") and attributes (rpc.system, rpc.service,
/// rpc.method, error.type) follow the OpenTelemetry RPC conventions, as Orleans' own spans did.
/// </summary>
public static class GrainCallTracing
{
    /// <summary>The activity source of the grain-call spans.</summary>
    public const string SourceName = "QBroker.GrainCalls";

    /// <summary>The RequestContext key of the caller's span context, as the W3C header names it.</summary>
    public const string TraceParentKey = "traceparent";

    public static readonly ActivitySource Source = new(SourceName);
}
