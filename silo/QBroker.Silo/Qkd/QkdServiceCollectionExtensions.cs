using QBroker.Grains.Qkd;

namespace QBroker.Silo.Qkd;

public static class QkdServiceCollectionExtensions
{
    /// <summary>The demo QKD network, its options (section "QBroker:Qkd") and the startup activation of its links.</summary>
    public static IServiceCollection AddQkdLinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QkdOptions>()
            .Bind(configuration.GetSection(QkdOptions.SectionName))
            .Validate(o => { o.Validate(); return true; })
            .ValidateOnStart();
        services.AddSingleton(new QkdNetwork(DemoQkdNetwork.Links, [DemoQkdNetwork.DaeguTrustedNode]));
        services.AddHostedService<QkdLinkActivator>();
        return services;
    }
}
