using System.Net;
using System.Net.Http.Json;
using QBroker.Grains.Telemetry;
using QBroker.Silo.Accounts;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// The credit gauges report an institution's budget line by value as a known workload moves through it: estimates held
/// in escrow while jobs wait, released by a cancellation, the actual cost spent on completion, and the configured
/// budget throughout. Read from the meter in process; the gauges are refreshed every 200 ms here.
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class CreditGaugeTests
{
    private const string Institution = "lge";
    private const string Device = "ionq-harmony";

    private static readonly Dictionary<string, string?> FastRefresh = new() { ["QBroker:Telemetry:StatsRefreshInterval"] = "00:00:00.200" };

    [Fact]
    public async Task Escrowed_spent_and_budget_follow_the_workload()
    {
        using var measurements = new BrokerMeasurements();
        await using var silo = await TestSilo.StartAsync(settings: FastRefresh);
        using var operatorClient = silo.Operator();
        using var client = silo.Researcher("lge-wshin");
        // Held in maintenance, the device keeps the jobs waiting with their estimates in escrow.
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PatchAsJsonAsync($"/api/v1/devices/{Device}", new { status = "maintenance" })).StatusCode);
        var (_, kept, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 1000, device = Device });
        var (_, cancelled, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 2000, device = Device });

        await AssertGaugeAsync(measurements, "qbroker.credits.escrowed", (double)(kept!.EstimatedCost + cancelled!.EstimatedCost));
        await AssertGaugeAsync(measurements, "qbroker.credits.spent", 0);
        var budgets = DemoWorld.Budgets.Where(b => b.Kind == "institution").ToDictionary(b => b.NodeId, b => (double)b.Amount);
        Assert.Equal(
            budgets.OrderBy(b => b.Key, StringComparer.Ordinal),
            measurements.ObserveGauges().Where(m => m.Instrument == "qbroker.credits.budget")
                .Select(m => KeyValuePair.Create((string)m.Tags[QBrokerTelemetry.InstitutionTag]!, m.Value)).OrderBy(b => b.Key, StringComparer.Ordinal));

        // A cancellation releases its estimate in full and charges nothing.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/jobs/{cancelled.Id}/cancel", null)).StatusCode);
        await AssertGaugeAsync(measurements, "qbroker.credits.escrowed", (double)kept.EstimatedCost);
        await AssertGaugeAsync(measurements, "qbroker.credits.spent", 0);

        // A completion releases its estimate and spends its actual cost.
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PatchAsJsonAsync($"/api/v1/devices/{Device}", new { status = "online" })).StatusCode);
        var completed = await Api.WaitForTerminalAsync(client, kept.Id);
        Assert.Equal("completed", completed.State);
        Assert.True(completed.ActualCost > 0, $"actual cost {completed.ActualCost}");
        await AssertGaugeAsync(measurements, "qbroker.credits.escrowed", 0);
        await AssertGaugeAsync(measurements, "qbroker.credits.spent", (double)completed.ActualCost!.Value);
        await AssertGaugeAsync(measurements, "qbroker.credits.budget", budgets[Institution]);
    }

    /// <summary>
    /// The institution's gauge reaches <paramref name="expected"/> within a few refreshes. Both sides are decimals of
    /// the ledger converted to double the same way, so they are compared exactly.
    /// </summary>
    private static async Task AssertGaugeAsync(BrokerMeasurements measurements, string instrument, double expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        double? actual;
        do
        {
            actual = measurements.ObserveGauges()
                .SingleOrDefault(m => m.Instrument == instrument && (string?)m.Tags[QBrokerTelemetry.InstitutionTag] == Institution)?.Value;
            if (actual == expected)
            {
                return;
            }
            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"{instrument} of {Institution} is {actual?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent"}, expected {expected}");
    }
}
