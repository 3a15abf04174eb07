using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QBroker.Silo.Hosting;

namespace QBroker.Silo.Tests;

/// <summary>
/// The host shutdown timeout is the silo's own setting (QBroker:Shutdown:Timeout, 60 s by default), not .NET's 30 s
/// default: the Kubernetes grace period is sized from it.
/// </summary>
public sealed class ShutdownTimeoutTests
{
    [Fact]
    public async Task The_host_shutdown_timeout_defaults_to_60_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), await HostShutdownTimeoutAsync([]));
    }

    [Fact]
    public async Task The_host_shutdown_timeout_follows_QBroker_Shutdown_Timeout_over_the_dotnet_setting()
    {
        var timeout = await HostShutdownTimeoutAsync(new()
        {
            ["QBroker:Shutdown:Timeout"] = "00:01:45",
            ["shutdownTimeoutSeconds"] = "5",
        });

        Assert.Equal(TimeSpan.FromSeconds(105), timeout);
    }

    [Theory]
    [InlineData("00:00:00", "00:00:00")]
    [InlineData("00:00:10", "00:00:10")]
    [InlineData("00:00:10", "-00:00:01")]
    public void A_timeout_that_leaves_no_room_fails_at_boot_naming_the_setting(string timeout, string unreadyDelay)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QBroker:Shutdown:Timeout"] = timeout,
            ["QBroker:Shutdown:UnreadyDelay"] = unreadyDelay,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => ShutdownOptions.FromConfiguration(configuration));
        Assert.Contains("QBroker:Shutdown:", error.Message, StringComparison.Ordinal);
    }

    private static async Task<TimeSpan> HostShutdownTimeoutAsync(Dictionary<string, string?> settings)
    {
        settings["QBroker:DataDir"] = Path.Combine(Path.GetTempPath(), "qbroker-shutdown-" + Guid.NewGuid().ToString("N"));
        await using var app = QBrokerHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        return app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }
}
