using Microsoft.Extensions.Configuration;
using QBroker.Silo.Hosting;

namespace QBroker.Storage.Tests.ClusterMode;

public sealed class ClusterModeOptionsTests
{
    [Fact]
    public void Unset_cluster_settings_come_from_the_downward_api_variables()
    {
        var options = ClusterModeOptions.FromConfiguration(Configuration(new()
        {
            ["QBroker:Cluster:Mode"] = "cluster",
            ["POD_IP"] = "10.1.2.3",
            ["POD_NAME"] = "qbroker-silo-7d9f-abcde",
            ["ORLEANS_CLUSTER_ID"] = "blue",
            ["ORLEANS_SERVICE_ID"] = "qbroker-prod",
        }));

        Assert.True(options.IsCluster);
        Assert.Equal("10.1.2.3", options.AdvertisedAddress.ToString());
        Assert.Equal("qbroker-silo-7d9f-abcde", options.SiloName);
        Assert.Equal(("blue", "qbroker-prod"), (options.ClusterId, options.ServiceId));
        Assert.Equal((11111, 30000), (options.SiloPort, options.GatewayPort));
    }

    [Fact]
    public void The_section_wins_over_the_variables_and_the_defaults_are_single_mode_on_loopback()
    {
        var options = ClusterModeOptions.FromConfiguration(Configuration(new()
        {
            ["QBroker:Cluster:AdvertisedIp"] = "127.0.0.1",
            ["QBroker:Cluster:ClusterId"] = "from-section",
            ["ORLEANS_CLUSTER_ID"] = "from-variable",
        }));
        Assert.False(options.IsCluster);
        Assert.Equal("from-section", options.ClusterId);

        var defaults = ClusterModeOptions.FromConfiguration(Configuration(new()));
        Assert.False(defaults.IsCluster);
        Assert.Equal("127.0.0.1", defaults.AdvertisedAddress.ToString());
        Assert.Equal(("qbroker", "qbroker"), (defaults.ClusterId, defaults.ServiceId));
        Assert.Null(defaults.SiloName);
    }

    [Theory]
    [InlineData("QBroker:Cluster:Mode", "multi")]
    [InlineData("QBroker:Cluster:AdvertisedIp", "not-an-ip")]
    [InlineData("QBroker:Cluster:GatewayPort", "11111")]
    [InlineData("QBroker:Cluster:SiloPort", "0")]
    public void A_bad_setting_stops_the_silo_at_start_naming_it(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ClusterModeOptions.FromConfiguration(Configuration(new() { [key] = value })));
        Assert.Contains(key.Split(':')[^1], error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
