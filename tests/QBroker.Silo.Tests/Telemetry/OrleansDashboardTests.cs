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

    private static async Task<TestSilo> StartWithDashboardAsync()
    {
        Environment.SetEnvironmentVariable(Switch, "true");
        try
        {
            return await TestSilo.StartAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable(Switch, null);
        }
    }

    [Fact]
    public async Task Only_an_operator_gets_the_dashboard()
    {
        await using var silo = await StartWithDashboardAsync();
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

    [Fact]
    public async Task A_browser_signs_in_with_the_operator_key_and_the_cookie_opens_only_the_dashboard()
    {
        await using var silo = await StartWithDashboardAsync();
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = silo.BaseAddress };
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        // Not signed in: a page request is sent to the form, a script's request still gets the 401 problem.
        var page = await browser.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/dashboard-login", page.Headers.Location!.OriginalString);
        using (var script = silo.Client(null))
        {
            await Api.AssertProblemAsync(await script.GetAsync("/dashboard/DashboardCounters"), HttpStatusCode.Unauthorized);
        }
        var form = await browser.GetAsync("/dashboard-login");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("type=\"password\" name=\"key\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A researcher's key is refused and sets no cookie.
        var refused = await browser.PostAsync("/dashboard-login", Key(silo.Keys.Researchers["kaist-mchoi"]));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Empty(cookies.GetAllCookies());

        var signedIn = await browser.PostAsync("/dashboard-login", Key(TestSilo.OperatorKey));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/dashboard/", signedIn.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/dashboard", setCookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/DashboardCounters")).StatusCode);
        // The cookie belongs to the dashboard's paths: the API never sees it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/whoami")).StatusCode);

        var signedOut = await browser.PostAsync("/dashboard-logout", null);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/dashboard/")).StatusCode);
    }

    private static FormUrlEncodedContent Key(string key) => new([new KeyValuePair<string, string>("key", key)]);
}
