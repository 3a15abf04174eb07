using System.Globalization;
using System.Diagnostics;
using QBroker.Client.Api;

namespace QBroker.Benchmarks.Broker;

/// <summary>The latency mode of the <see cref="LoadGenerator"/>: one job at a time onto idle devices.</summary>
public static class LatencyRun
{
    public static async Task<int> RunAsync(LoadOptions options)
    {
        var jobs = options.Int("jobs", 300);
        var interval = TimeSpan.FromMilliseconds(options.Int("interval-ms", 50));
        var device = options.Text("device", "local-sim");
        var shots = options.Int("shots", 10);
        var tag = LoadGenerator.NewRunTag("latency");
        using var client = options.Client();

        var latencies = new double[jobs];
        for (var i = 0; i < jobs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await client.SubmitJobAsync(new SubmitJobRequest { Qasm = LoadGenerator.Bell, Shots = shots, Device = device, Tags = [tag] });
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await Task.Delay(interval);
        }
        while (await LoadGenerator.AnyUnfinishedAsync(client, tag))
        {
            await Task.Delay(100);
        }
        var run = await LoadGenerator.ReadRunAsync(client, tag);
        var toDispatch = run.Where(job => job.StartedAt is not null).Select(job => (job.StartedAt!.Value - job.CreatedAt).TotalMilliseconds).Order().ToArray();
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, 
            $"latency: jobs {jobs} one at a time {interval.TotalMilliseconds:F0} ms apart, device {device}: " +
            $"submit to dispatch p50 {LoadGenerator.Percentile(toDispatch, 0.50):F0} ms, p99 {LoadGenerator.Percentile(toDispatch, 0.99):F0} ms, max {toDispatch.LastOrDefault():F0} ms ({toDispatch.Length} started); " +
            $"HTTP submit p50 {LoadGenerator.Percentile(latencies, 0.50):F1} ms, p99 {LoadGenerator.Percentile(latencies, 0.99):F1} ms"));
        return toDispatch.Length == jobs ? 0 : 1;
    }
}
