using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// ETSI requests are counted before authentication, so nothing a caller sends may become a label value of its own: a
/// made-up HTTP method is counted as "_OTHER", a method of the API as itself. Read from the meter in process.
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class EtsiRequestMetricsTests
{
    [Fact]
    public async Task A_made_up_method_is_counted_as_OTHER()
    {
        using var measurements = new BrokerMeasurements();
        await using var silo = await TestSilo.StartAsync();
        using var master = silo.Admin("kias");

        using var brew = new HttpRequestMessage(new HttpMethod("BREW"), "/api/v1/keys/skku/status");
        using var brewed = await master.SendAsync(brew);
        using var got = await master.GetAsync("/api/v1/keys/skku/status");

        // Counted when the middleware unwinds, which may be just after the client has read the response.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (measurements.Recorded("qbroker.etsi.requests").Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        var requests = measurements.Recorded("qbroker.etsi.requests");
        Assert.Equal(
            [("GET", (int)got.StatusCode), (HttpMethodLabel.Other, (int)brewed.StatusCode)],
            requests.Select(r => ((string)r.Tags[QBrokerTelemetry.HttpMethodTag]!, (int)r.Tags[QBrokerTelemetry.HttpStatusTag]!))
                .OrderBy(r => r.Item1, StringComparer.Ordinal));
        Assert.All(requests, r => Assert.Equal(EtsiEndpoint.Status, r.Tags[QBrokerTelemetry.EtsiEndpointTag]));
    }
}
