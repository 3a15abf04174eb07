using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace QBroker.Storage.Tests.ClusterMode;

/// <summary>
/// One broker silo as its own operating-system process (the qbroker-silo program copied next to the tests) in
/// cluster mode: its own HTTP, silo and gateway ports on 127.0.0.1 and its own data directory, sharing the store
/// named by the connection string with every other silo of the same cluster id.
/// </summary>
public sealed class ClusterSiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ClusterSiloProcess(Process process, Uri baseAddress, int siloPort, string dataDir)
    {
        _process = process;
        BaseAddress = baseAddress;
        SiloPort = siloPort;
        DataDir = dataDir;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public const string OperatorKey = "cluster-test-operator-key";

    public Uri BaseAddress { get; }

    public int SiloPort { get; }

    public string DataDir { get; }

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

    /// <summary>Starts the process; it is ready when <see cref="WaitReadyAsync"/> returns.</summary>
    public static ClusterSiloProcess Start(string connectionString, string clusterId)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "qbroker-silo.dll");
        var (httpPort, siloPort, gatewayPort) = (FreePort(), FreePort(), FreePort());
        var dataDir = Path.Combine(Path.GetTempPath(), "qbroker-cluster-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [program])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var environment = start.Environment;
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        environment["QBROKER_DATA_DIR"] = dataDir;
        environment["QBROKER_ADMIN_KEY"] = OperatorKey;
        environment["QBroker__Cluster__Mode"] = "cluster";
        environment["QBroker__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        environment["QBroker__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        environment["QBroker__Store__ConnectionString"] = connectionString;
        environment["ORLEANS_CLUSTER_ID"] = clusterId;
        environment["POD_NAME"] = $"silo-{siloPort}";
        environment["QBroker__Broker__DeviceTimeScale"] = "0.01";
        // The demo QKD links would spend most of a core filling their key pools after each start; nothing here uses them.
        environment["QBroker__Qkd__BlockPeriod"] = "01:00:00";
        environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo process.");
        return new ClusterSiloProcess(process, new Uri($"http://127.0.0.1:{httpPort}"), siloPort, dataDir);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo process exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await probe.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silo process did not become ready within {timeout}:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
