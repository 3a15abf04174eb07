using System.Net;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// The Orleans dashboard, switched on by QBroker:Telemetry:OrleansDashboard, is served under /dashboard to operators
/// only, authenticated by their API key. The switch is an environment variable of this process while the silo starts,
/// so this runs in the collection that runs alone.
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class OrleansDashboardTests
{
    private const string Switch = "QBroker__Telemetry__OrleansDashboard";

    [Fact]
    public async Task Only_an_operator_gets_the_dashboard()
    {
        Environment.SetEnvironmentVariable(Switch, "true");
        TestSilo silo;
        try
        {
            silo = await TestSilo.StartAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Switch, null);
        }
        await using var _ = silo;
        using var operatorClient = silo.Operator();
        using var researcher = silo.Researcher("kaist-mchoi");
        using var admin = silo.Admin("kaist");
        using var anonymous = silo.Client(null);
        using var forged = silo.Client("qbk_forged.0000000000000000");

        foreach (var path in new[] { "/dashboard/", "/dashboard/DashboardCounters" })
        {
            var granted = await operatorClient.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
            await Api.AssertProblemAsync(await researcher.GetAsync(path), HttpStatusCode.Forbidden);
            await Api.AssertProblemAsync(await admin.GetAsync(path), HttpStatusCode.Forbidden);
            await Api.AssertProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.Unauthorized);
            await Api.AssertProblemAsync(await forged.GetAsync(path), HttpStatusCode.Unauthorized);
        }
        Assert.Contains("<html", await (await operatorClient.GetAsync("/dashboard/")).Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        // The counters name the silo's grain types: the dashboard sees the broker's own cluster. It collects them
        // periodically, so right after start they may still be empty: ask until they arrive (bounded).
        var counters = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!counters.Contains("DeviceGrain", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            counters = await (await operatorClient.GetAsync("/dashboard/DashboardCounters")).Content.ReadAsStringAsync();
        }
        Assert.Contains("DeviceGrain", counters, StringComparison.Ordinal);
    }
}
