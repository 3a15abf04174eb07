using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using QBroker.Silo.Accounts;

namespace QBroker.Silo.Tests.Qkd;

/// <summary>
/// A real broker for the QKD tests: like <see cref="TestSilo"/>, plus fast link blocks and small pools so the demo
/// network's pools fill within seconds. Shared by the QKD test collection.
/// </summary>
public sealed class QkdSilo : IAsyncLifetime
{
    public const string OperatorKey = "qkd-test-operator-key-0123456789";

    /// <summary>Bytes per directional pool in the tests.</summary>
    public const int PoolCapacityBytes = 8192;

    /// <summary>Bytes key delivery draws into a pair's reserve at once in the tests.</summary>
    public const int ReserveChunkBytes = 1024;

    private WebApplication _app = null!;
    private string _dataDir = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public DemoKeys Keys { get; private set; } = null!;

    public string DataDir => _dataDir;

    public Task InitializeAsync() => StartAsync(null);

    /// <summary>Starts a broker over <paramref name="dataDir"/> (a fresh folder when null), e.g. to restart over a stopped one's data.</summary>
    public async Task StartAsync(string? dataDir)
    {
        _dataDir = dataDir ?? Path.Combine(Path.GetTempPath(), "qbroker-qkd-silo-" + Guid.NewGuid().ToString("N"));
        _app = QBrokerHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["QBroker:DataDir"] = _dataDir,
            ["QBroker:AdminKey"] = OperatorKey,
            ["QBroker:Cluster:SiloPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QBroker:Cluster:GatewayPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QBroker:Qkd:BlockPeriod"] = "00:00:00.050",
            ["QBroker:Qkd:PoolCapacityBytes"] = PoolCapacityBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QBroker:Qkd:MaxKeysPerRequest"] = "16",
            ["QBroker:Qkd:ReserveChunkBytes"] = ReserveChunkBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Check a reserve's links on every request, so a test sees an attack take effect at once.
            ["QBroker:Qkd:ReserveHealthMaxAge"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
        using var probe = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await probe.GetAsync("/readyz")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The QKD test silo did not become ready within 30 s.");
            }
            await Task.Delay(50);
        }
        Keys = JsonSerializer.Deserialize<DemoKeys>(await File.ReadAllTextAsync(Path.Combine(_dataDir, DemoKeys.FileName)), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    /// <summary>The SAE of an institution: its admin key (the documented API-key fallback for SAE authentication).</summary>
    public HttpClient Sae(string institution) => Client(Keys.Admins[institution]);

    public HttpClient Operator() => Client(OperatorKey);

    /// <summary>Polls ETSI status until the master holds at least <paramref name="keys"/> keys for the slave.</summary>
    public async Task<JsonElement> WaitForKeysAsync(string master, string slave, int keys, int seconds = 90)
    {
        using var client = Sae(master);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var status = await client.GetFromJsonAsync<JsonElement>($"/api/v1/keys/{slave}/status");
            if (status.GetProperty("stored_key_count").GetInt32() >= keys)
            {
                return status;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{master} -> {slave} holds only {status}.");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the broker and keeps its data directory.</summary>
    public async Task StopKeepingDataAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async Task DisposeAsync()
    {
        await StopKeepingDataAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pool being torn down; the temp folder is harmless.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class QkdSiloCollection : ICollectionFixture<QkdSilo>
{
    public const string Name = "qkd silo";
}
