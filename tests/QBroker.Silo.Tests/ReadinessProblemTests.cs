using System.Net;
using System.Text.Json;

namespace QBroker.Silo.Tests;

/// <summary>
/// While a silo listens but takes no work, the API answers 503 problem+json saying which window the caller hit:
/// starting up (retry soon) or shutting down (go to another silo).
/// </summary>
public sealed class ReadinessProblemTests
{
    [Fact]
    public async Task A_stopping_silo_answers_the_api_with_503_stopping_until_it_stops_listening()
    {
        await using var silo = await TestSilo.StartAsync(settings: new Dictionary<string, string?>
        {
            ["QBroker:Shutdown:UnreadyDelay"] = "00:00:03",
        });
        using var client = silo.Operator();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/whoami", UriKind.Relative))).StatusCode);

        var stopping = silo.BeginStopAsync();
        // The unready delay keeps the server listening for 3 s after shutdown begins.
        HttpResponseMessage? refused = null;
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (refused is null && DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync(new Uri("/api/v1/whoami", UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("/problems/stopping", problem.RootElement.GetProperty("type").GetString());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        await stopping;
    }
}
