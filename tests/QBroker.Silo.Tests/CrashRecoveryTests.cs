using System.Net;
using System.Text.Json;
using QBroker.Client.Api;
using QBroker.Silo.Accounts;

namespace QBroker.Silo.Tests;

/// <summary>
/// Nothing accepted is lost: a real silo process is killed with SIGKILL while jobs are queued and running and
/// submissions are still arriving; a new process on the same data directory finishes every accepted job, each
/// with exactly one terminal state.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Every_accepted_job_survives_a_SIGKILL_and_ends_in_exactly_one_terminal_state()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "qbroker-crash-" + Guid.NewGuid().ToString("N"));
        // IonQ jobs of 1000 shots take about 1.9 s of device time; scaled by 0.2 the device is busy ~0.4 s per job,
        // so at the kill some jobs are running and many are queued behind them.
        const double scale = 0.2;
        var accepted = new List<string>();
        string key;
        await using (var first = await SiloProcess.StartAsync(dataDir, scale))
        {
            var keys = JsonSerializer.Deserialize<DemoKeys>(await File.ReadAllTextAsync(Path.Combine(dataDir, DemoKeys.FileName)), Api.Json)!;
            key = keys.Researchers["kias-sylee"];
            using var client = first.Client(key);
            for (var i = 0; i < 20; i++)
            {
                accepted.Add((await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 1000, device = i % 2 == 0 ? "ionq-harmony" : "local-sim" })).Job!.Id);
            }
            await Api.WaitForStateAsync(client, accepted[0], state => state != JobStates.Queued);

            // Keep submitting while the process is killed: only answers that arrived count as accepted.
            using var stop = new CancellationTokenSource();
            var submitter = Task.Run(async () =>
            {
                var i = 0;
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 1000, device = i++ % 2 == 0 ? "ionq-harmony" : "local-sim" });
                        if (status == HttpStatusCode.Accepted)
                        {
                            lock (accepted)
                            {
                                accepted.Add(job!.Id);
                            }
                        }
                    }
                    catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException)
                    {
                        return;
                    }
                }
            });
            await Task.Delay(1500);
            await first.KillAsync();
            await stop.CancelAsync();
            await submitter;
        }

        List<string> snapshot;
        lock (accepted)
        {
            snapshot = [.. accepted];
        }
        Assert.True(snapshot.Count > 20, "submissions continued until the kill");

        await using var second = await SiloProcess.StartAsync(dataDir, deviceTimeScale: 0);
        using var after = second.Client(key);
        var lostAndRecovered = 0;
        foreach (var id in snapshot)
        {
            var job = await Api.WaitForTerminalAsync(after, id, TimeSpan.FromSeconds(120));
            Assert.Equal(JobStates.Completed, job.State);
            Assert.Single(job.Transitions, t => JobStates.IsTerminal(t.To));
            Assert.True(JobStates.IsTerminal(job.Transitions[^1].To));
            if (job.Transitions.Any(t => t.To == JobStates.Retrying && t.Reason.Contains("lost", StringComparison.Ordinal)))
            {
                lostAndRecovered++;
            }
        }
        // The IonQ device was busy at the kill: its execution was lost and redone.
        Assert.True(lostAndRecovered >= 1, "at least one running execution was lost at the kill and recovered");
        Directory.Delete(dataDir, recursive: true);
    }
}
