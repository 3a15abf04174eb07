using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using QBroker.Backends;
using QBroker.Grains.Devices;

namespace QBroker.Silo.Tests;

public sealed class PriceConfigurationTests
{
    [Fact]
    public void Prices_bind_from_configuration_with_omitted_terms_as_zero()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QBroker:Prices:ionq-harmony:PerTask"] = "0.5",
            ["QBroker:Prices:ionq-harmony:PerShot"] = "0.02",
            ["QBroker:Prices:ibm-brooklyn:PerSecond"] = "2",
        }).Build();

        var prices = DeviceRegistry.ConfiguredPrices(configuration);

        Assert.Equal(new PriceModel(0.5m, 0.02m, 0m), prices["ionq-harmony"]);
        Assert.Equal(new PriceModel(0m, 0m, 2m), prices["ibm-brooklyn"]);
        var local = new DeviceModel { Id = "local-sim", Provider = "local", Kind = DeviceKind.Gate, DisplayName = "x", QubitCount = 2, MaxShots = 10 };
        Assert.Same(local, prices.Apply(local));
    }

    /// <summary>The silo's appsettings.json carries the providers' list prices the other tests rely on.</summary>
    [Fact]
    public void The_shipped_defaults_are_the_published_list_prices()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var prices = DeviceRegistry.ConfiguredPrices(configuration);

        Assert.Equal(new PriceModel(0.30m, 0.01m, 0m), prices["ionq-harmony"]);
        Assert.Equal(new PriceModel(0m, 0m, 1.60m), prices["ibm-brooklyn"]);
        Assert.Equal(new PriceModel(0.30m, 0.0009m, 0m), prices["rigetti-ankaa-3"]);
        Assert.Equal(new PriceModel(0.30m, 0.00019m, 0m), prices["dwave-advantage"]);
        Assert.Equal(new PriceModel(0m, 0m, 0.00125m), prices["local-sim"]);
    }

    /// <summary>
    /// A silo configured with twice IonQ's per-shot price reserves the higher estimate at submission: 0.30 per task
    /// + 0.02 × 1,000 shots = 20.30 credits, where the default price gives 10.30.
    /// </summary>
    [Fact]
    public async Task A_configured_price_changes_the_escrow_of_a_submission()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "qbroker-prices-" + Guid.NewGuid().ToString("N"));
        await using var app = QBrokerHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["QBroker:DataDir"] = dataDir,
            ["QBroker:AdminKey"] = TestSilo.OperatorKey,
            ["QBroker:Cluster:SiloPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QBroker:Cluster:GatewayPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QBroker:Broker:DeviceTimeScale"] = "0",
            ["QBroker:Prices:ionq-harmony:PerShot"] = "0.02",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await client.GetAsync("/readyz")).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            var keys = System.Text.Json.JsonSerializer.Deserialize<QBroker.Silo.Accounts.DemoKeys>(
                await File.ReadAllTextAsync(Path.Combine(dataDir, QBroker.Silo.Accounts.DemoKeys.FileName)),
                new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", keys.Researchers["skku-jkim"]);

            var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 1_000, device = "ionq-harmony" });

            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal(0.30m + (1_000 * 0.02m), job!.EstimatedCost);
        }
        finally
        {
            await app.StopAsync();
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a pool being torn down; the temp folder is harmless.
            }
        }
    }
}
