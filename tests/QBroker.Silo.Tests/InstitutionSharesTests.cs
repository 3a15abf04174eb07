using System.Net.Http.Json;
using QBroker.Client.Api;

namespace QBroker.Silo.Tests;

/// <summary>Institution shares come from configuration when the demo world is seeded (the real-time 50/30/20 fairness run relies on it).</summary>
public sealed class InstitutionSharesTests
{
    [Fact]
    public async Task Configured_shares_replace_the_demo_worlds_and_set_the_normalised_split()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?>
        {
            ["QBroker:InstitutionShares:kaist"] = "12",
            ["QBroker:InstitutionShares:kias"] = "8",
        });
        using var client = silo.Researcher("skku-jkim");
        var usage = (await client.GetFromJsonAsync<UsageView>("/api/v1/usage", Api.Json))!;
        double SharesOf(string id) => usage.Nodes.Single(node => node.Kind == "institution" && node.Id == id).Shares;

        Assert.Equal(12, SharesOf("kaist"));
        Assert.Equal(8, SharesOf("kias"));
        Assert.Equal(20, SharesOf("skku"));
        // Among the three, the split is 50/30/20.
        var three = SharesOf("skku") + SharesOf("kaist") + SharesOf("kias");
        Assert.Equal(0.5, SharesOf("skku") / three, 12);
        Assert.Equal(0.3, SharesOf("kaist") / three, 12);
    }

    [Fact]
    public async Task A_non_positive_configured_share_stops_the_start_with_its_key()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(settings: new Dictionary<string, string?>
        {
            ["QBroker:InstitutionShares:kaist"] = "0",
        }));
        Assert.Contains("QBroker:InstitutionShares:kaist", error.ToString(), StringComparison.Ordinal);
    }
}
