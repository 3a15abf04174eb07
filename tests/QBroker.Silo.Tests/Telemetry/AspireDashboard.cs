using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// The standalone Aspire dashboard (from NuGet, provisioned by scripts/provision-observability.sh --with-aspire) as a
/// real OTLP receiver on loopback ports, unsecured, with its JSON telemetry API enabled for the assertions.
/// </summary>
public sealed class AspireDashboard : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AspireDashboard(Process process, Uri api, Uri otlpGrpc, Uri otlpHttp)
    {
        _process = process;
        Api = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
        OtlpGrpc = otlpGrpc;
        OtlpHttp = otlpHttp;
    }

    public HttpClient Api { get; }

    /// <summary>The OTLP/gRPC receiver (OTEL_EXPORTER_OTLP_PROTOCOL=grpc).</summary>
    public Uri OtlpGrpc { get; }

    /// <summary>The OTLP/HTTP receiver, its own port (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf).</summary>
    public Uri OtlpHttp { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<AspireDashboard> StartAsync()
    {
        var binary = Path.Combine(RepositoryRoot(), "artifacts", "observability", "aspire-dashboard", "Aspire.Dashboard");
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing; run scripts/provision-observability.sh --with-aspire.");
        }
        string Loopback(int port) => "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var (ui, grpc, http) = (TestPorts.Free(), TestPorts.Free(), TestPorts.Free());
        var start = new ProcessStartInfo(binary)
        {
            WorkingDirectory = Path.GetDirectoryName(binary)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = Loopback(ui);
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = Loopback(grpc);
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = Loopback(http);
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment["Dashboard__Api__Enabled"] = "true";
        start.Environment["Dashboard__Api__AuthMode"] = "Unsecured";
        var process = Process.Start(start) ?? throw new InvalidOperationException("The Aspire dashboard did not start.");
        var dashboard = new AspireDashboard(process, new Uri(Loopback(ui)), new Uri(Loopback(grpc)), new Uri(Loopback(http)));
        process.OutputDataReceived += (_, line) => dashboard.Append(line.Data);
        process.ErrorDataReceived += (_, line) => dashboard.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await dashboard.WaitReadyAsync();
        return dashboard;
    }

    /// <summary>GET an /api/telemetry/* document.</summary>
    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Api.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>Every JSON object under <paramref name="element"/>, depth first: OTLP/JSON nests spans and log records deeply.</summary>
    public static IEnumerable<JsonElement> Objects(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            yield return element;
            foreach (var property in element.EnumerateObject())
            {
                foreach (var inner in Objects(property.Value))
                {
                    yield return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var inner in Objects(item))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "QBroker.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("The repository root (QBroker.sln) was not found.");
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Aspire dashboard exited with {_process.ExitCode}: {Output}");
            }
            try
            {
                using var response = await Api.GetAsync("/api/telemetry/resources");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Aspire dashboard was not ready within 60 s: {Output}");
            }
            await Task.Delay(200);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
