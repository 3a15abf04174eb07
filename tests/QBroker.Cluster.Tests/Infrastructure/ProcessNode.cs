using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace QBroker.Cluster.Tests.Infrastructure;

/// <summary>
/// A silo as an operating-system process (the qbroker-silo program next to the tests), so a test can send it the
/// signals an orchestrator or a crash would: SIGKILL, SIGTERM, SIGSTOP and SIGCONT. Everything the process prints
/// is also written to a file of its own under <see cref="LogDirectory"/>, so a failure can be traced afterwards in
/// the logs of every silo, not only in the tail a failure message shows.
/// </summary>
public sealed class ProcessNode : IClusterNode
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter _log;
    private bool _logClosed;

    private ProcessNode(NodeSettings settings, Process process)
    {
        Settings = settings;
        _process = process;
        Directory.CreateDirectory(LogDirectory);
        LogFile = Path.Combine(LogDirectory, $"{settings.Name}-{process.Id.ToString(CultureInfo.InvariantCulture)}.log");
        _log = new StreamWriter(LogFile) { AutoFlush = true };
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Where silo processes' output is kept: QBROKER_CLUSTER_TEST_LOGS, or a folder in the temp directory.</summary>
    public static string LogDirectory { get; } =
        Environment.GetEnvironmentVariable("QBROKER_CLUSTER_TEST_LOGS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "qbroker-cluster-logs");

    public NodeSettings Settings { get; }

    /// <summary>This process's whole output.</summary>
    public string LogFile { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines the process printed, for a failure message.</summary>
    public string OutputTail
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length <= 4000 ? text : text[^4000..];
            }
        }
    }

    public static async Task<ProcessNode> StartAsync(NodeSettings settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "qbroker-silo.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings.AsEnvironment())
        {
            start.Environment[key] = value;
        }
        start.Environment["ASPNETCORE_URLS"] = settings.Values["urls"];
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo process.");
        var node = new ProcessNode(settings, process);
        try
        {
            await SiloReadiness.WaitUntilReadyAsync(settings.BaseAddress, TimeSpan.FromSeconds(90),
                () => process.HasExited ? $"exit code {process.ExitCode}\n{node.OutputTail}" : null);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>SIGKILL: no shutdown hooks at all.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public Task TerminateAsync() => SignalAsync("TERM");

    public Task FreezeAsync() => SignalAsync("STOP");

    public Task ResumeAsync() => SignalAsync("CONT");

    /// <summary>Waits for the process to end; false when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A frozen process ignores everything but SIGKILL and SIGCONT.
            await KillAsync();
        }
        // Output still in flight arrives on the reader threads until the process object is disposed.
        _process.WaitForExit();
        _process.Dispose();
        lock (_output)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal, _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {_process.Id} failed with {kill.ExitCode}.");
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
            if (!_logClosed)
            {
                _log.WriteLine(FormattableString.Invariant($"{DateTime.UtcNow:HH:mm:ss.fff} {line}"));
            }
        }
    }
}
