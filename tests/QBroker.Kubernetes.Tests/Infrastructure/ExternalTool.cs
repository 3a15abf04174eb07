using System.Diagnostics;

namespace QBroker.Kubernetes.Tests.Infrastructure;

/// <summary>The outcome of running a command-line tool to completion.</summary>
public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>Runs the offline tools the checks rely on (kubectl, node, promtool) and finds them.</summary>
public static class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static async Task<ToolResult> RunAsync(string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} did not finish within {Timeout.TotalSeconds} s.");
        }
        return new ToolResult(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// The tool on PATH, else the copy scripts/provision-k8s-tools.sh put under artifacts/k8s-tools/bin. A missing
    /// tool fails the test with the command that installs it, rather than skipping a check silently.
    /// </summary>
    public static string Locate(string name)
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(RepositoryLayout.ToolsFolder, "bin"));
        foreach (var folder in candidates)
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new InvalidOperationException($"{name} is not installed: run {RepositoryLayout.ProvisionScript} first.");
    }
}
