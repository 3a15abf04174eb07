using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using QBroker.Silo;

namespace QBroker.Cli.Tests.Support;

/// <summary>
/// The real broker, started in this process once for a test class: Orleans silo, HTTP API on a free loopback
/// port, SQLite store in a fresh folder, demo world seeded. Devices run at their modelled speed
/// (DeviceTimeScale 1), so a large job on a QPU stays busy long enough to be cancelled.
/// </summary>
public sealed class RealSilo : IAsyncLifetime
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(60);

    /// <summary>The operator's API key (QBroker:AdminKey), for commands only operators may run.</summary>
    public const string OperatorKey = "cli-test-operator-key-0123456789";

    private readonly TempDirectory _dataDir = new();
    private WebApplication? _app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Researcher id → API key, from the demo-keys.json the silo writes on first start.</summary>
    public IReadOnlyDictionary<string, string> ResearcherKeys { get; private set; } = null!;

    /// <summary>Institution id → API key of its admin, from demo-keys.json.</summary>
    public IReadOnlyDictionary<string, string> AdminKeys { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = QBrokerHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["QBroker:DataDir"] = _dataDir.Path,
            ["QBroker:AdminKey"] = OperatorKey,
            ["QBroker:Cluster:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["QBroker:Cluster:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["QBroker:Broker:DeviceTimeScale"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _app.StartAsync();
        Url = new Uri(_app.Urls.First());
        await WaitUntilReadyAsync();

        using var keys = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dataDir.Path, "demo-keys.json")));
        ResearcherKeys = keys.RootElement.GetProperty("researchers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        AdminKeys = keys.RootElement.GetProperty("admins").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _dataDir.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = Url };
        var deadline = DateTime.UtcNow + StartupLimit;
        while ((await probe.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode != HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo did not become ready within {StartupLimit.TotalSeconds} s.");
            }

            await Task.Delay(50);
        }
    }
}
