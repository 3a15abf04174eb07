using System.Globalization;
using System.Diagnostics;
using System.Text.Json;
using QBroker.Client;
using QBroker.Client.Api;

namespace QBroker.Benchmarks.Broker;

/// <summary>
/// The fairness mode of the <see cref="LoadGenerator"/>: issue 4's 50/30/20 scenario in real time. Three
/// institutions' researchers keep one device (<c>--device</c>), or every gate device of the given providers
/// (<c>--providers ibm,ionq,rigetti,local</c>, placed late by the broker), saturated with identical jobs; over the
/// second half of the run each institution should receive the device time its share entitles it to among the three,
/// summed over the devices.
/// </summary>
public static class FairnessRun
{
    public static async Task<int> RunAsync(LoadOptions options)
    {
        var keys = JsonDocument.Parse(await File.ReadAllTextAsync(options.Text("keys", "data/demo-keys.json"))).RootElement.GetProperty("researchers");
        var researchers = options.Text("researchers", "skku-jkim,kaist-mchoi,kias-sylee").Split(',');
        var providers = options.Text("providers", "");
        var device = options.Text("device", "ibm-brooklyn");
        var job = providers.Length > 0
            ? new SubmitJobRequest { Qasm = LoadGenerator.Bell, Requirements = new JobRequirements { DeviceKind = "gate", Providers = providers.Split(',') } }
            : new SubmitJobRequest { Qasm = LoadGenerator.Bell, Device = device };
        var where = providers.Length > 0 ? $"the gate devices of {providers}" : device;
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
            await Task.WhenAll(clients.Select(client => KeepQueuedAsync(client, job with { Shots = shots, Tags = [tag] }, depth, clock, duration)));
            foreach (var client in clients)
            {
                foreach (var queued in await LoadGenerator.ReadRunAsync(client, tag, JobStates.Queued))
                {
                    try
                    {
                        await client.CancelJobAsync(queued.Id);
                    }
                    catch (QBrokerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
                    {
                        // It started (or finished) since it was listed: it counts like any other run job.
                    }
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
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{institutions[i]} (shares {shares[i]:0.##}) {measured:F1} % vs target {target:F1} % ({Math.Round(measured - target, 1):+0.0;-0.0;0.0} points, {runs[i].Count} jobs)"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, 
                $"fairness: {duration.TotalSeconds:F0} s on {where}, {all.Count} jobs completed, mean job {meanJob:F1} ms, depth {depth} per researcher; " +
                $"device time in the second half: {string.Join("; ", lines)}; largest deviation {deviations.Max(Math.Abs):F1} points"));
            return 0;
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    /// <summary>Keeps about <paramref name="depth"/> of the researcher's jobs queued until the run's time is up.</summary>
    private static async Task KeepQueuedAsync(QBrokerClient client, SubmitJobRequest job, int depth, Stopwatch clock, TimeSpan duration)
    {
        while (clock.Elapsed < duration)
        {
            var queued = (await client.ListJobsAsync(new JobQuery { Tag = job.Tags![0], State = JobStates.Queued, Limit = depth })).Items.Count;
            for (var i = queued; i < depth; i++)
            {
                await client.SubmitJobAsync(job);
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
