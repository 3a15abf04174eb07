using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QBroker.Grains;

namespace QBroker.Silo.Tests;

/// <summary>The scheduling settings docs/fair-share.md names bind from those keys in the host as built for production.</summary>
public sealed class BrokerOptionsConfigurationTests
{
    private static async Task<BrokerOptions> BindAsync(Dictionary<string, string?> settings)
    {
        await using var app = QBrokerHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        return app.Services.GetRequiredService<IOptions<BrokerOptions>>().Value;
    }

    [Fact]
    public async Task The_fair_share_half_life_and_priority_weights_bind_from_QBroker_Broker()
    {
        var options = await BindAsync(new Dictionary<string, string?>
        {
            ["QBroker:Broker:FairShare:HalfLife"] = "14.00:00:00",
            ["QBroker:Broker:FairShare:DampeningFactor"] = "2",
            ["QBroker:Broker:Priority:AgeWeight"] = "500",
            ["QBroker:Broker:Priority:MaxAge"] = "3.00:00:00",
        });

        Assert.Equal(TimeSpan.FromDays(14), options.FairShare.HalfLife);
        Assert.Equal(2, options.FairShare.DampeningFactor);
        Assert.Equal(500, options.Priority.AgeWeight);
        Assert.Equal(TimeSpan.FromDays(3), options.Priority.MaxAge);
        Assert.Equal(10_000, options.Priority.FairShareWeight);
    }

    [Fact]
    public async Task Without_settings_the_half_life_is_seven_days()
    {
        var options = await BindAsync([]);

        Assert.Equal(TimeSpan.FromDays(7), options.FairShare.HalfLife);
        Assert.Equal(1, options.FairShare.DampeningFactor);
    }
}
