using System.Globalization;
using System.Diagnostics;
using System.Text.Json;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Benchmarks.Broker;

/// <summary>
/// The fairness mode of the <see cref="LoadGenerator"/>: issue 4's 50/30/20 scenario in real time. Three
/// institutions' researchers keep one device saturated with identical jobs; over the second half of the run each
/// institution should receive the device time its share entitles it to among the three.
/// </summary>
public static class FairnessRun
{
    public static async Task<int> RunAsync(LoadOptions options)
    {
        var keys = JsonDocument.Parse(await File.ReadAllTextAsync(options.Text("keys", "data/demo-keys.json"))).RootElement.GetProperty("researchers");
        var researchers = options.Text("researchers", "skku-jkim,kaist-mchoi,kias-sylee").Split(',');
        var device = options.Text("device", "ibm-brooklyn");
        var shots = options.Int("shots", 100);
        var depth = options.Int("depth", 8);
        var duration = TimeSpan.FromSeconds(options.Int("seconds", 60));
        var tag = LoadGenerator.NewRunTag("fairness");

        var clients = researchers.Select(id => new QBrokerClient(options.Url, keys.GetProperty(id).GetString()!)).ToList();
        try
        {
            var institutions = new List<string>();
            foreach (var client in clients)
            {
                institutions.Add((await client.WhoAmIAsync()).Institution ?? throw new InvalidOperationException("A researcher key is required."));
            }
            if (institutions.Distinct().Count() != institutions.Count)
            {
                throw new ArgumentException($"The researchers must belong to different institutions (got {string.Join(", ", institutions)}).");
            }
            var usage = await clients[0].GetUsageAsync();
            var shares = institutions.Select(id => usage.Nodes.Single(node => node.Kind == "institution" && node.Id == id).Shares).ToList();

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(client => KeepQueuedAsync(client, tag, device, shots, depth, clock, duration)));
            foreach (var client in clients)
            {
                foreach (var queued in await LoadGenerator.ReadRunAsync(client, tag, JobStates.Queued))
                {
                    await client.CancelJobAsync(queued.Id);
                }
            }
            foreach (var client in clients)
            {
                while (await LoadGenerator.AnyUnfinishedAsync(client, tag))
                {
                    await Task.Delay(100);
                }
            }

            var runs = new List<List<JobView>>();
            foreach (var client in clients)
            {
                runs.Add([.. (await LoadGenerator.ReadRunAsync(client, tag)).Where(job => job.State == JobStates.Completed)]);
            }
            var all = runs.SelectMany(jobs => jobs).ToList();
            var start = all.Min(job => job.StartedAt!.Value);
            var end = start + duration;
            var window = (From: start + (duration / 2), To: end);
            var used = runs.Select(jobs => jobs.Sum(job => Overlap(job.StartedAt!.Value, job.FinishedAt!.Value, window.From, window.To))).ToList();
            var meanJob = all.Average(job => (job.FinishedAt!.Value - job.StartedAt!.Value).TotalMilliseconds);
            var deviations = new List<double>();
            var lines = new List<string>();
            for (var i = 0; i < researchers.Length; i++)
            {
                var target = 100 * shares[i] / shares.Sum();
                var measured = 100 * used[i] / used.Sum();
                deviations.Add(measured - target);
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{institutions[i]} (shares {shares[i]:0.##}) {measured:F1} % vs target {target:F1} % ({measured - target:+0.0;-0.0} points, {runs[i].Count} jobs)"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, 
                $"fairness: {duration.TotalSeconds:F0} s on {device}, {all.Count} jobs completed, mean job {meanJob:F1} ms, depth {depth} per researcher; " +
                $"device time in the second half: {string.Join("; ", lines)}; largest deviation {deviations.Max(Math.Abs):F1} points"));
            return 0;
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    /// <summary>Keeps about <paramref name="depth"/> of the researcher's jobs queued until the run's time is up.</summary>
    private static async Task KeepQueuedAsync(QBrokerClient client, string tag, string device, int shots, int depth, Stopwatch clock, TimeSpan duration)
    {
        while (clock.Elapsed < duration)
        {
            var queued = (await client.ListJobsAsync(new JobQuery { Tag = tag, State = JobStates.Queued, Limit = depth })).Items.Count;
            for (var i = queued; i < depth; i++)
            {
                await client.SubmitJobAsync(new SubmitJobRequest { Qasm = LoadGenerator.Bell, Shots = shots, Device = device, Tags = [tag] });
            }
            await Task.Delay(20);
        }
    }

    private static double Overlap(DateTimeOffset start, DateTimeOffset end, DateTimeOffset from, DateTimeOffset to)
    {
        var overlap = (end < to ? end : to) - (start > from ? start : from);
        return overlap > TimeSpan.Zero ? overlap.TotalMilliseconds : 0;
    }
}
