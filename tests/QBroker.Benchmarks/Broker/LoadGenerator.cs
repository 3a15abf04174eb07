using System.Diagnostics;
using System.Globalization;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Benchmarks.Broker;

/// <summary>
/// End-to-end load against a running broker: submits N small circuits with C requests in flight, then waits until
/// every one has completed, and reports submissions per second, completed jobs per second (first submit to last
/// completion) and submit latency percentiles. Run the silo with QBroker__Broker__DeviceTimeScale=0 to measure the
/// broker rather than the modelled device time.
/// </summary>
public static class LoadGenerator
{
    private const string Bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0], q[1];\nmeasure q -> c;\n";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        var url = options.GetValueOrDefault("url") ?? Environment.GetEnvironmentVariable("QBROKER_URL") ?? "http://127.0.0.1:5080";
        var token = options.GetValueOrDefault("token") ?? Environment.GetEnvironmentVariable("QBROKER_TOKEN")
            ?? throw new ArgumentException("--token (or QBROKER_TOKEN) is required: a researcher's API key.");
        var jobs = int.Parse(options.GetValueOrDefault("jobs") ?? "5000", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(options.GetValueOrDefault("concurrency") ?? "32", CultureInfo.InvariantCulture);
        var device = options.GetValueOrDefault("device") ?? "local-sim";
        var tag = "load-" + Guid.NewGuid().ToString("N")[..8];

        using var client = new QBrokerClient(new Uri(url), token);
        var latencies = new double[jobs];
        var ids = new string[jobs];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < jobs)
            {
                var started = Stopwatch.GetTimestamp();
                var job = await client.SubmitJobAsync(new SubmitJobRequest { Qasm = Bell, Shots = 10, Device = device, Tags = [tag] });
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                ids[i] = job.Id;
            }
        }).ToList();
        await Task.WhenAll(workers);
        var submitSeconds = clock.Elapsed.TotalSeconds;

        // Completion: wait for every job, newest first (the last submitted tends to finish last).
        foreach (var id in ids.Reverse())
        {
            var job = await client.WaitForTerminalAsync(id, TimeSpan.FromMilliseconds(20));
            if (job.State != JobStates.Completed)
            {
                Console.Error.WriteLine($"job {id} ended {job.State}: {job.Error}");
                return 1;
            }
        }
        var totalSeconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"jobs {jobs}, concurrency {concurrency}, device {device}: submitted {jobs / submitSeconds:F0}/s, " +
            $"completed end to end {jobs / totalSeconds:F0}/s ({totalSeconds:F1} s); submit latency p50 {Percentile(latencies, 0.50):F1} ms, " +
            $"p99 {Percentile(latencies, 0.99):F1} ms"));
        return 0;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected an option, got '{args[i]}'. Options: --url --token --jobs --concurrency --device.");
            }
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }
}
