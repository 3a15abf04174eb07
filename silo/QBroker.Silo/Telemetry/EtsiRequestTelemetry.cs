using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// Wraps every request under <see cref="PathPrefix"/> (ETSI GS QKD 014) outermost, before authentication, so refused
/// requests (401, 403) are counted too: a span for the key delivery, and the request and error counters by endpoint,
/// method and HTTP status. Every label is bounded although the request is not authenticated yet: the endpoint is one of
/// the standard's operations or "other", the method GET, POST or "_OTHER". Registered as a startup filter because only
/// that runs ahead of the host's own middleware.
/// </summary>
public sealed class EtsiRequestTelemetry : IStartupFilter
{
    public const string PathPrefix = "/api/v1/keys";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, inner) =>
        {
            if (!context.Request.Path.StartsWithSegments(PathPrefix, out var remaining))
            {
                await inner(context);
                return;
            }
            var endpoint = EtsiEndpoint.Of(remaining.Value ?? string.Empty);
            // The slave SAE id is only put on the span (never a label): it comes from the URL, so any caller can vary it.
            var segments = (remaining.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
            using var span = QBrokerTelemetry.StartKeyDelivery(endpoint, segments.Length > 0 ? segments[0] : null);
            try
            {
                await inner(context);
            }
            finally
            {
                span?.SetTag(QBrokerTelemetry.HttpStatusTag, context.Response.StatusCode);
                QBrokerTelemetry.EtsiRequestFinished(endpoint, context.Request.Method, context.Response.StatusCode);
            }
        });
        next(app);
    };
}
