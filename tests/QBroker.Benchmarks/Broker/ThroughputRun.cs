using System.Globalization;
using System.Diagnostics;
using QBroker.Client.Api;

namespace QBroker.Benchmarks.Broker;

/// <summary>The throughput mode of the <see cref="LoadGenerator"/>: many jobs, many in flight, end-to-end rate.</summary>
public static class ThroughputRun
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var jobs = options.Int("jobs", 5000);
        var concurrency = options.Int("concurrency", 32);
        var rate = options.Double("rate", 0);
        var device = options.Text("device", "local-sim");
        var shots = options.Int("shots", 10);
        var tag = LoadGenerator.NewRunTag("throughput");
        using var client = options.Client();

        var latencies = new double[jobs];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < jobs)
            {
                if (rate > 0 && TimeSpan.FromSeconds(i / rate) - clock.Elapsed is { } wait && wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }
                var started = Stopwatch.GetTimestamp();
                await client.SubmitJobAsync(new SubmitJobRequest { Qasm = LoadGenerator.Bell, Shots = shots, Device = device, Tags = [tag] });
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }).ToList();
        await Task.WhenAll(workers);
        var submitSeconds = clock.Elapsed.TotalSeconds;
        while (await LoadGenerator.AnyUnfinishedAsync(client, tag))
        {
            await Task.Delay(250);
        }

        var run = await LoadGenerator.ReadRunAsync(client, tag);
        var failed = run.Where(job => job.State != JobStates.Completed).ToList();
        if (run.Count != jobs || failed.Count > 0)
        {
            Console.Error.WriteLine($"{run.Count} of {jobs} jobs found; {failed.Count} did not complete (first: {failed.FirstOrDefault()?.State} {failed.FirstOrDefault()?.Error})");
            return 1;
        }
        var first = run.Min(job => job.CreatedAt);
        var last = run.Max(job => job.FinishedAt!.Value);
        var endToEnd = (last - first).TotalSeconds;
        var perWindow = run.GroupBy(job => (int)((job.FinishedAt!.Value - first) / Window)).ToDictionary(g => g.Key, g => g.Count());
        var fullWindows = Enumerable.Range(0, (int)((last - first) / Window)).Select(w => perWindow.GetValueOrDefault(w) / Window.TotalSeconds).Order().ToArray();
        var toStart = run.Select(job => (job.StartedAt!.Value - job.CreatedAt).TotalMilliseconds).Order().ToArray();
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, 
            $"throughput: jobs {jobs}, concurrency {concurrency}, rate cap {(rate > 0 ? rate.ToString("F0", CultureInfo.InvariantCulture) + "/s" : "none")}, device {device}: " +
            $"submitted {jobs / submitSeconds:F0}/s; completed end to end {jobs / endToEnd:F0}/s ({endToEnd:F1} s); " +
            $"completions per 10 s window: lowest {(fullWindows.Length > 0 ? fullWindows[0] : double.NaN):F0}/s, median {LoadGenerator.Percentile(fullWindows, 0.5):F0}/s over {fullWindows.Length} full windows; " +
            $"submit latency p50 {LoadGenerator.Percentile(latencies, 0.50):F1} ms, p99 {LoadGenerator.Percentile(latencies, 0.99):F1} ms; " +
            $"submit to start p50 {LoadGenerator.Percentile(toStart, 0.50):F0} ms, p99 {LoadGenerator.Percentile(toStart, 0.99):F0} ms"));
        return 0;
    }
}
