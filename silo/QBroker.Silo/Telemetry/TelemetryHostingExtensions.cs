using Microsoft.AspNetCore.Authorization;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using QBroker.Grains.Telemetry;
using QBroker.Silo.Auth;
using QBroker.Storage.Accounts;

namespace QBroker.Silo.Telemetry;

/// <summary>
/// Wires OpenTelemetry into the silo: the "QBroker" meter and activity source, Orleans', ASP.NET Core's and the
/// runtime's meters, ASP.NET Core's request spans, spans for the grain calls of traced requests and jobs
/// (GrainCallTracing; QBroker:Telemetry:GrainCallSpans), a Prometheus scrape endpoint, OTLP export of traces, metrics
/// and logs when OTEL_EXPORTER_OTLP_ENDPOINT is set (protocol, headers and per-signal endpoints from the other standard
/// OTEL_* variables), the ETSI request counters, and the Orleans dashboard for operators (when
/// QBroker:Telemetry:OrleansDashboard is true). With QBroker:Telemetry:Enabled set to false none of it is registered
/// (the baseline of the overhead benchmark).
/// </summary>
public static class TelemetryHostingExtensions
{
    /// <summary>The scrape path; anonymous, like /healthz, so Prometheus needs no broker key (it exposes no job data).</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Where the Orleans dashboard is served, to operators only.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>The authorization policy of the Orleans dashboard: an operator's API key.</summary>
    public const string OperatorPolicy = "qbroker-operator";

    /// <summary>Orleans' meter (catalog, messaging, storage, gateway).</summary>
    public static readonly IReadOnlyList<string> OrleansMeters = ["Microsoft.Orleans"];

    public static WebApplicationBuilder AddQBrokerTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.SectionName);
        builder.Services.Configure<TelemetryOptions>(section);
        var settings = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!settings.Enabled)
        {
            return builder;
        }
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        // Read now, so that a sampler setting the silo cannot honour stops it while it builds.
        var rootRatio = TraceSamplerSetting.RootRatio(builder.Configuration);

        // Spans for the grain calls of traced requests and jobs, in place of Orleans' AddActivityPropagation(), which pays
        // for every grain call, traced or not (GrainCallTracing).
        if (settings.GrainCallSpans)
        {
            builder.UseOrleans(silo => silo
                .AddOutgoingGrainCallFilter<TracedOutgoingCallFilter>()
                .AddIncomingGrainCallFilter<TracedIncomingCallFilter>());
        }
        if (settings.OrleansDashboard)
        {
            builder.UseOrleans(silo => silo.AddDashboard(dashboard => dashboard.HideTrace = true));
        }
        builder.Services.AddAuthorizationBuilder().AddPolicy(OperatorPolicy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireClaim(Caller.RoleClaim, nameof(Role.Operator)));
        builder.Services.AddTransient<IStartupFilter, EtsiRequestTelemetry>();

        // Every log line written under a span carries its trace and span ids (console scopes and OTLP records).
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeScopes = true;
            logging.IncludeFormattedMessage = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(settings.ServiceName, serviceInstanceId: Environment.MachineName);
                }
            })
            .WithMetrics(metrics => metrics
                .AddMeter(QBrokerTelemetry.Name)
                .AddMeter([.. OrleansMeters])
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .SetSampler(BrokerTraceSampler.Create(rootRatio))
                .AddSource(QBrokerTelemetry.Name)
                .AddSource(GrainCallTracing.SourceName)
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !IsInfrastructure(context.Request.Path)));
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }
        builder.Services.AddHostedService<BrokerStatsRefresher>();
        return builder;
    }

    /// <summary>
    /// Maps the Prometheus scrape endpoint at <see cref="MetricsPath"/> (open to anonymous scrapers) and the Orleans
    /// dashboard at <see cref="DashboardPath"/> (operators only: 401 without a key, 403 for other roles).
    /// </summary>
    public static WebApplication MapQBrokerTelemetry(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value;
        if (!settings.Enabled)
        {
            return app;
        }
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        if (settings.OrleansDashboard)
        {
            app.MapOrleansDashboard(DashboardPath).RequireAuthorization(OperatorPolicy);
            app.MapDashboardLogin(DashboardPath);
        }
        return app;
    }

    /// <summary>Probes, scrapes and dashboard polls arrive every few seconds and would drown the job traces.</summary>
    private static bool IsInfrastructure(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz")
        || path.StartsWithSegments(DashboardPath);
}
