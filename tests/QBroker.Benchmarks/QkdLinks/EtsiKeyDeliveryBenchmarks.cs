using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace QBroker.Benchmarks.QkdLinks;

/// <summary>
/// ETSI GS QKD 014 key delivery over real HTTP against a running broker, with <see cref="Concurrency"/> requests in
/// flight. One operation is one HTTP request; an invocation sends <see cref="RequestsPerInvocation"/> of them, so
/// the reported mean time per operation is the inverse of requests per second. <c>Healthz</c> is the baseline: the
/// cheapest request the broker serves over the same connections, i.e. what HTTP alone costs on this machine.
/// <para>
/// The broker is started separately (docs/benchmarks-qkd-links.md gives the command): QBROKER_URL, the master and
/// slave SAE ids (QBROKER_SAE_MASTER / QBROKER_SAE_SLAVE, default kaist / kriss) and their institutions' admin
/// keys (QBROKER_SAE_MASTER_TOKEN / QBROKER_SAE_SLAVE_TOKEN) come from the environment. Every request spends key,
/// so run it as one short job from the command line (monitoring strategy, one invocation per iteration, in
/// process), not BenchmarkDotNet's default job, whose pilot stage would drain the pools.
/// </para>
/// </summary>
public class EtsiKeyDeliveryBenchmarks
{
    private const int RequestsPerInvocation = 2000;

    private HttpClient _master = null!;
    private HttpClient _slave = null!;
    private string _masterSae = null!;
    private string _slaveSae = null!;

    [Params(1, 64, 256)]
    public int Concurrency { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var url = new Uri(Environment.GetEnvironmentVariable("QBROKER_URL") ?? "http://127.0.0.1:5080");
        _masterSae = Environment.GetEnvironmentVariable("QBROKER_SAE_MASTER") ?? "kaist";
        _slaveSae = Environment.GetEnvironmentVariable("QBROKER_SAE_SLAVE") ?? "kriss";
        _master = Client(url, Required("QBROKER_SAE_MASTER_TOKEN"));
        _slave = Client(url, Required("QBROKER_SAE_SLAVE_TOKEN"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _master.Dispose();
        _slave.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RequestsPerInvocation)]
    public Task Healthz() => RunAsync(RequestsPerInvocation, async () => Check(await _master.GetAsync("/healthz")));

    /// <summary>The master's GET enc_keys, one 256-bit key each: keys accumulate for the slave.</summary>
    [Benchmark(OperationsPerInvoke = RequestsPerInvocation)]
    public Task EncKeys() => RunAsync(RequestsPerInvocation, () => EncKeyAsync());

    /// <summary>Whole deliveries: the master's POST enc_keys, then the slave's POST dec_keys for that key (two requests).</summary>
    [Benchmark(OperationsPerInvoke = RequestsPerInvocation)]
    public Task EncThenDecKeys() => RunAsync(RequestsPerInvocation / 2, async () =>
    {
        var keyId = await EncKeyAsync();
        var body = new StringContent($$"""{"key_IDs":[{"key_ID":"{{keyId}}"}]}""", Encoding.UTF8, "application/json");
        Check(await _slave.PostAsync($"/api/v1/keys/{_masterSae}/dec_keys", body));
    });

    private async Task<string> EncKeyAsync()
    {
        var response = await _master.GetAsync($"/api/v1/keys/{_slaveSae}/enc_keys?number=1&size=256");
        Check(response);
        using var container = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return container.RootElement.GetProperty("keys")[0].GetProperty("key_ID").GetString()!;
    }

    private async Task RunAsync(int requests, Func<Task> request)
    {
        var next = -1;
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < requests)
            {
                await request();
            }
        });
        await Task.WhenAll(workers);
    }

    private static void Check(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().Result}"));
        }
    }

    private static HttpClient Client(Uri url, string token)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"Set {name} (see docs/benchmarks-qkd-links.md).");
}
