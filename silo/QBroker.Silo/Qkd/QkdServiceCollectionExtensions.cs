using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using QBroker.Grains.Qkd;

namespace QBroker.Silo.Qkd;

public static class QkdServiceCollectionExtensions
{
    /// <summary>
    /// The demo QKD network, its options (section "QBroker:Qkd"), the startup activation of its links, and SAE
    /// authentication by mutual TLS on HTTPS endpoints (section "QBroker:Qkd:Tls").
    /// </summary>
    public static IServiceCollection AddQkdLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QkdOptions>()
            .Bind(configuration.GetSection(QkdOptions.SectionName))
            .Validate(o => { o.Validate(); return true; })
            .ValidateOnStart();
        services.AddSingleton(new QkdNetwork(DemoQkdNetwork.Links, [DemoQkdNetwork.DaeguTrustedNode]));
        services.AddHostedService<QkdLinkActivator>();

        services.AddOptions<SaeTlsOptions>().Bind(configuration.GetSection(SaeTlsOptions.SectionName));
        services.AddSingleton(provider =>
        {
            var tls = provider.GetRequiredService<IOptions<SaeTlsOptions>>().Value;
            return new SaeCertificateValidator(SaeCertificateValidator.LoadClientCas(tls.ClientCaPath), tls.SaeByThumbprint, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, SaeTlsKestrelSetup>();
        return services;
    }
}
