using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Orleans.Configuration;
using QBroker.Backends;
using QBroker.Grains;
using QBroker.Grains.Accounting;
using QBroker.Grains.Devices;
using QBroker.Silo.Accounts;
using QBroker.Silo.Api;
using QBroker.Silo.Auth;
using QBroker.Silo.Hosting;
using QBroker.Silo.Telemetry;
using QBroker.Storage;
using QBroker.Storage.Cluster;

namespace QBroker.Silo;

/// <summary>
/// Builds the broker: one Orleans silo with the HTTP API in the same process, the embedded store in the data
/// directory, and the demo world on first start. Tests build it the same way, on a free port and a fresh folder.
/// </summary>
public static class QBrokerHost
{
    /// <summary>Default address when neither ASPNETCORE_URLS nor --urls says otherwise: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root is where the program lives, so its appsettings.json applies whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        ApplyConventions(builder);
        configure?.Invoke(builder);

        var hostOptions = builder.Configuration.GetSection(QBrokerHostOptions.SectionName).Get<QBrokerHostOptions>() ?? new QBrokerHostOptions();
        builder.Services.Configure<QBrokerHostOptions>(builder.Configuration.GetSection(QBrokerHostOptions.SectionName));
        builder.Services.Configure<BrokerOptions>(builder.Configuration.GetSection(BrokerOptions.SectionName));
        builder.Services.Configure<AccountingOptions>(builder.Configuration.GetSection(AccountingOptions.SectionName));
        builder.Services.AddOptions<BackendOptions>()
            .Configure(o => builder.Configuration.GetSection("QBroker:Backends").Bind(o, b => b.BindNonPublicProperties = false))
            .Validate(o => { o.Validate(); return true; });
        var clusterMode = ClusterModeOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(clusterMode);
        // Set here rather than left to .NET's 30 s default: the manifests' grace period is sized from this value.
        var shutdown = ShutdownOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddSingleton(shutdown);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdown.Timeout);
        builder.Services.AddQBrokerStorage(store =>
        {
            builder.Configuration.GetSection(StoreOptions.SectionName).Bind(store);
            store.DataDirectory = hostOptions.DataDir;
            // Cluster mode shares one store between silos: PostgreSQL unless a provider is named explicitly.
            if (clusterMode.IsCluster && string.IsNullOrEmpty(builder.Configuration[$"{StoreOptions.SectionName}:Provider"]))
            {
                store.Provider = "postgres";
            }
        });
        builder.Services.AddSingleton<DeviceRegistry>();
        QBroker.Silo.Qkd.QkdServiceCollectionExtensions.AddQkdLinks(builder.Services, builder.Configuration);
        builder.Services.AddSingleton<AccountDirectory>();
        builder.Services.AddSingleton<SubmissionValidator>();
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddSingleton<Readiness>();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.DefaultIgnoreCondition = ApiJson.Options.DefaultIgnoreCondition;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = hostOptions.MaxRequestBytes);

        // Order matters: hosted services start in registration order, so the store is ready before the silo
        // starts, and the scheduler recovers only once the silo runs.
        builder.Services.AddHostedService<StoreInitializer>();
        builder.UseOrleans(silo =>
        {
            if (clusterMode.IsCluster)
            {
                // Membership in the shared store; each silo advertises its own address, never a Service's.
                silo.UseQBrokerSqlClustering();
                silo.ConfigureEndpoints(clusterMode.AdvertisedAddress, clusterMode.SiloPort, clusterMode.GatewayPort, clusterMode.ListenOnAnyHostAddress);
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ServiceId = clusterMode.ServiceId!;
                    cluster.ClusterId = clusterMode.ClusterId!;
                });
                if (clusterMode.SiloName is { } siloName)
                {
                    silo.Configure<SiloOptions>(options => options.SiloName = siloName);
                }
                // Failure detection can be tuned without code (e.g. QBroker__Cluster__Membership__ProbeTimeout).
                silo.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection($"{ClusterModeOptions.SectionName}:Membership"));
            }
            else
            {
                silo.UseLocalhostClustering(clusterMode.SiloPort, clusterMode.GatewayPort, serviceId: clusterMode.ServiceId!, clusterId: "qbroker-local");
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ServiceId = clusterMode.ServiceId!;
                    cluster.ClusterId = "qbroker-local";
                });
            }
            // Reminders live in the store in both modes, so they survive a restart (and, in a cluster, a silo's loss).
            silo.UseQBrokerSqlReminders();
        });
        builder.Services.AddHostedService<SchedulerStartup>();
        builder.AddQBrokerTelemetry();

        var app = builder.Build();
        app.UseExceptionHandler(errors => errors.Run(context =>
        {
            var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var error = failure is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                ? ApiError.PayloadTooLarge(hostOptions.MaxRequestBytes)
                : new ApiError(500, "/problems/internal", "Internal error", "The broker could not complete the request; it has been logged.");
            return Problems.WriteAsync(context, error);
        }));
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            if (!context.Response.HasStarted && context.Response.ContentLength is null && string.IsNullOrEmpty(context.Response.ContentType))
            {
                await Problems.WriteAsync(context, new ApiError(context.Response.StatusCode, "about:blank",
                    ReasonPhrase(context.Response.StatusCode), $"{context.Request.Method} {context.Request.Path} answered {context.Response.StatusCode}."));
            }
        });
        app.Use(async (context, next) =>
        {
            // The HTTP server may start before the silo has recovered its queue, and keeps listening for a moment once
            // shutdown begins; in both windows answer clearly (and take no work) instead of failing.
            var readiness = context.RequestServices.GetRequiredService<Readiness>();
            if (context.Request.Path.StartsWithSegments("/api") && !readiness.IsReady)
            {
                context.Response.Headers.RetryAfter = "1";
                await Problems.WriteAsync(context, readiness.Phase == ReadinessPhase.Stopping
                    ? new ApiError(503, "/problems/stopping", "Shutting down",
                        "This silo is shutting down and takes no more work; retry (another silo may answer now).")
                    : new ApiError(503, "/problems/starting", "Not ready",
                        "This silo is starting up; retry in a moment (another silo may answer now)."));
                return;
            }
            await next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapIdentityAndHealthEndpoints();
        app.MapJobEndpoints();
        app.MapDeviceEndpoints();
        app.MapClusterEndpoints();
        QBroker.Silo.Qkd.QkdEndpoints.MapQkdEndpoints(app);
        app.MapUsageEndpoints();
        app.MapQBrokerTelemetry();
        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, hostOptions));
        return app;
    }

    /// <summary>SPEC section 6: QBROKER_DATA_DIR, QBROKER_ADMIN_KEY, and a loopback default address.</summary>
    private static void ApplyConventions(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var overrides = new Dictionary<string, string?>();
        if (configuration["QBROKER_DATA_DIR"] is { Length: > 0 } dataDir)
        {
            overrides["QBroker:DataDir"] = dataDir;
        }
        if (configuration["QBROKER_ADMIN_KEY"] is { Length: > 0 } adminKey)
        {
            overrides["QBroker:AdminKey"] = adminKey;
        }
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["ASPNETCORE_URLS"]))
        {
            overrides["urls"] = DefaultUrl;
        }
        configuration.AddInMemoryCollection(overrides);
    }

    private static void PrintBanner(WebApplication app, QBrokerHostOptions options)
    {
        var dataDir = Path.GetFullPath(options.DataDir);
        var key = string.IsNullOrWhiteSpace(options.AdminKey)
            ? $"operator key in {Path.Combine(dataDir, "admin.key")}"
            : "operator key from QBROKER_ADMIN_KEY";
        var demo = File.Exists(Path.Combine(dataDir, DemoKeys.FileName)) ? $"; demo keys in {Path.Combine(dataDir, DemoKeys.FileName)}" : string.Empty;
        app.Logger.LogInformation("QBroker listening on {Urls}; data in {DataDir}; {KeyLocation}{Demo}", string.Join(", ", app.Urls), dataDir, key, demo);
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
