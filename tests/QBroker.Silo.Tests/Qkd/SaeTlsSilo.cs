using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using QBroker.Silo.Accounts;
using QBroker.Silo.Qkd;

namespace QBroker.Silo.Tests.Qkd;

/// <summary>
/// A real broker with an HTTPS endpoint beside the plain one (both in ASPNETCORE_URLS form), SAE client
/// certificates issued by <see cref="Authority"/>, and one certificate mapped to its SAE by thumbprint. The server
/// certificate is the one the broker generates in its data directory; clients pin it.
/// </summary>
public sealed class SaeTlsSilo : IAsyncLifetime
{
    /// <summary>SAE "skku" by thumbprint: its subject CN names no SAE.</summary>
    public const string MappedCommonName = "skku-key-client-7";

    private WebApplication _app = null!;
    private string _dataDir = null!;
    private X509Certificate2 _serverCertificate = null!;

    public TestSaeCertificates Authority { get; } = new("QBroker test SAE CA");

    public X509Certificate2 MappedSkkuCertificate { get; private set; } = null!;

    public Uri HttpsAddress { get; private set; } = null!;

    public Uri HttpAddress { get; private set; } = null!;

    public DemoKeys Keys { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _dataDir = Path.Combine(Path.GetTempPath(), "qbroker-tls-silo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dataDir);
        var caPath = Path.Combine(_dataDir, "sae-ca.pem");
        await File.WriteAllTextAsync(caPath, Authority.CaPem);
        MappedSkkuCertificate = Authority.Client(MappedCommonName);
        _app = QBrokerHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0;https://127.0.0.1:0",
            ["QBroker:DataDir"] = _dataDir,
            ["QBroker:AdminKey"] = "tls-test-operator-key-0123456789",
            ["QBroker:Cluster:SiloPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QBroker:Cluster:GatewayPort"] = TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QBroker:Qkd:BlockPeriod"] = "00:00:00.050",
            ["QBroker:Qkd:PoolCapacityBytes"] = "4096",
            ["QBroker:Qkd:ReserveChunkBytes"] = "1024",
            ["QBroker:Qkd:Tls:ClientCaPath"] = caPath,
            [$"QBroker:Qkd:Tls:SaeByThumbprint:{MappedSkkuCertificate.Thumbprint}"] = "skku",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await _app.StartAsync();
        HttpsAddress = new Uri(_app.Urls.Single(u => u.StartsWith("https://", StringComparison.Ordinal)));
        HttpAddress = new Uri(_app.Urls.Single(u => u.StartsWith("http://", StringComparison.Ordinal)));
        _serverCertificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(_dataDir, SaeTlsOptions.GeneratedCertificateFile), null);
        using var probe = new HttpClient { BaseAddress = HttpAddress };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await probe.GetAsync("/readyz")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The TLS test silo did not become ready within 30 s.");
            }
            await Task.Delay(50);
        }
        Keys = JsonSerializer.Deserialize<DemoKeys>(await File.ReadAllTextAsync(Path.Combine(_dataDir, DemoKeys.FileName)), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>An HTTPS client that trusts only the broker's generated certificate and presents <paramref name="certificate"/> (none when null).</summary>
    public HttpClient Tls(X509Certificate2? certificate, string? bearerKey = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Pinned: the broker's loopback certificate is self-signed.
                RemoteCertificateValidationCallback = (_, server, _, _) => server is not null && server.GetCertHashString() == _serverCertificate.Thumbprint,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
            },
        };
        var client = new HttpClient(handler) { BaseAddress = HttpsAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearerKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerKey);
        }
        return client;
    }

    /// <summary>A plain-HTTP client with an institution's admin key (the API-key fallback).</summary>
    public HttpClient PlainSae(string institution)
    {
        var client = new HttpClient { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys.Admins[institution]);
        return client;
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Authority.Dispose();
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
