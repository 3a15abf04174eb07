using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace QBroker.Silo.Tests;

/// <summary>
/// The broker as a real operating-system process (the qbroker-silo program next to the tests), so a test can kill
/// it with SIGKILL exactly as a crash would.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the process printed, for diagnosing a failed test.</summary>
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

    /// <param name="environment">More environment variables, set after (and so overriding) the test defaults.</param>
    public static async Task<SiloProcess> StartAsync(string dataDir, double deviceTimeScale, IReadOnlyDictionary<string, string>? environment = null)
    {
        var program = Path.Combine(AppContext.BaseDirectory, "qbroker-silo.dll");
        var port = TestPorts.Free();
        var start = new ProcessStartInfo("dotnet", [program])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["QBROKER_DATA_DIR"] = dataDir;
        start.Environment["QBROKER_ADMIN_KEY"] = TestSilo.OperatorKey;
        start.Environment["QBroker__Cluster__SiloPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture);
        start.Environment["QBroker__Cluster__GatewayPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture);
        start.Environment["QBroker__Broker__DeviceTimeScale"] = deviceTimeScale.ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo process.");
        var silo = new SiloProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var probe = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // Generous: on a loaded 2-core machine a cold start (JIT, migration, recovery) takes tens of seconds.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        try
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"The silo process exited with {process.ExitCode}:\n{silo.Output}");
                }
                try
                {
                    if ((await probe.GetAsync("/readyz")).IsSuccessStatusCode)
                    {
                        return silo;
                    }
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or the first (cold) request outlasted the probe's timeout: ask again.
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"The silo process did not become ready within 120 s:\n{silo.Output}");
                }
                await Task.Delay(100);
            }
        }
        catch
        {
            // Never leave a silo process behind a failed start.
            await silo.DisposeAsync();
            throw;
        }
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; whatever was not durable is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
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
