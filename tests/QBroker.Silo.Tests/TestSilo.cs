using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using QBroker.Silo.Accounts;

namespace QBroker.Silo.Tests;

/// <summary>
/// A real broker in this process: Orleans silo, HTTP API on a free loopback port, SQLite store in a fresh folder.
/// Tests talk to it over real HTTP.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    public const string OperatorKey = "test-operator-key-0123456789";

    private readonly WebApplication _app;
    private readonly bool _ownsDataDir;

    private TestSilo(WebApplication app, string dataDir, bool ownsDataDir, Uri baseAddress, DemoKeys keys)
    {
        _app = app;
        _ownsDataDir = ownsDataDir;
        DataDir = dataDir;
        BaseAddress = baseAddress;
        Keys = keys;
    }

    public string DataDir { get; }

    public Uri BaseAddress { get; }

    public DemoKeys Keys { get; }

    /// <param name="dataDir">A data folder the caller owns (kept when the silo stops, for a restart); by default a fresh one that goes with the silo.</param>
    /// <param name="settings">More configuration, added after (and so overriding) the test defaults.</param>
    public static async Task<TestSilo> StartAsync(double deviceTimeScale = 0, string? dataDir = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var ownsDataDir = dataDir is null;
        dataDir ??= Path.Combine(Path.GetTempPath(), "qbroker-silo-" + Guid.NewGuid().ToString("N"));
        var app = QBrokerHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["QBroker:DataDir"] = dataDir,
            ["QBroker:AdminKey"] = OperatorKey,
            ["QBroker:Cluster:SiloPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QBroker:Cluster:GatewayPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QBroker:Broker:DeviceTimeScale"] = deviceTimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QBroker:Broker:RetryBackoff"] = "00:00:00.050",
            ["Logging:LogLevel:Default"] = "Warning",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()));
        await app.StartAsync();
        var baseAddress = new Uri(app.Urls.First());
        using var probe = new HttpClient { BaseAddress = baseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await probe.GetAsync("/readyz")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The test silo did not become ready within 30 s.");
            }
            await Task.Delay(50);
        }
        var keys = JsonSerializer.Deserialize<DemoKeys>(await File.ReadAllTextAsync(Path.Combine(dataDir, DemoKeys.FileName)), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        return new TestSilo(app, dataDir, ownsDataDir, baseAddress, keys);
    }

    /// <summary>An HTTP client presenting <paramref name="key"/> (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    public HttpClient Researcher(string id) => Client(Keys.Researchers[id]);

    public HttpClient Admin(string institution) => Client(Keys.Admins[institution]);

    public HttpClient Operator() => Client(OperatorKey);

    /// <summary>Begins the host's shutdown (as SIGTERM does) without waiting for it; dispose still waits.</summary>
    public Task BeginStopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (!_ownsDataDir)
        {
            return;
        }
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pool being torn down; the temp folder is harmless.
        }
    }
}
