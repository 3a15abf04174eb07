using System.Diagnostics;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// At the grain: a call that carries a caller's span context runs under a server span, its child, current while the
/// grain works so the grain's own spans and calls join the caller's trace (<see cref="GrainCallTracing"/>). A call
/// without one runs untouched.
/// </summary>
public sealed class TracedIncomingCallFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context)
    {
        if (RequestContext.Get(GrainCallTracing.TraceParentKey) is not string traceParent
            || !ActivityContext.TryParse(traceParent, null, isRemote: true, out var caller)
            || GrainCallTracing.Source.StartActivity(context.Request.GetActivityName(), ActivityKind.Server, caller) is not { } span)
        {
            return context.Invoke();
        }
        return InvokeUnderAsync(span, context);
    }

    private static async Task InvokeUnderAsync(Activity span, IIncomingGrainCallContext context)
    {
        using (span)
        {
            if (span.IsAllDataRequested)
            {
                span.SetTag("rpc.system", "orleans");
                span.SetTag("rpc.service", context.InterfaceName);
                span.SetTag("rpc.method", context.MethodName);
            }
            try
            {
                await context.Invoke();
            }
            catch (Exception e)
            {
                span.SetStatus(ActivityStatusCode.Error, e.Message);
                span.SetTag("error.type", e.GetType().FullName);
                throw;
            }
        }
    }
}
