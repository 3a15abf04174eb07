using System.Diagnostics;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// At the caller: a grain call made inside a recorded span carries that span's context to the grain
/// (<see cref="GrainCallTracing"/>); a call made outside one (timers, slot loops, the gauge refresher) passes untouched.
/// </summary>
public sealed class TracedOutgoingCallFilter : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        // Orleans runs this filter inside its own async call invoker, so the entry set here goes with this call only:
        // it is gone from the caller's context when the call returns.
        if (Activity.Current is { Recorded: true, Id: { } traceParent })
        {
            RequestContext.Set(GrainCallTracing.TraceParentKey, traceParent);
        }
        return context.Invoke();
    }
}
