using System.Net;
using System.Net.Http.Json;
using QBroker.Client.Api;

namespace QBroker.Silo.Tests;

/// <summary>
/// An operator takes a device offline (PATCH /api/v1/devices/{id}) while it runs a job: the execution ends as a
/// transient fault and the job is retried, on another eligible device when its requirements allow, else on the same
/// device once it is back. IonQ's timing model (about 1.5 ms a shot) keeps a job of a few thousand shots running for
/// seconds at scale 1, a wide window to act in while it runs.
/// </summary>
[Collection(TimedSiloCollection.Name)]
public sealed class DeviceOutageTests(TimedSilo timed)
{
    private const string IonQ = "ionq-harmony";
    private const string Rigetti = "rigetti-ankaa-3";

    private TestSilo Silo => timed.Silo;

    private async Task SetStatusAsync(string deviceId, string status)
    {
        using var op = Silo.Operator();
        using var response = await op.PatchAsJsonAsync($"/api/v1/devices/{deviceId}", new { status, reason = "outage drill" }, Api.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_job_whose_device_goes_offline_mid_run_completes_on_another_eligible_device()
    {
        using var client = Silo.Researcher("hanyang-syoon");
        // Rigetti would finish first; in maintenance it gives no estimate, so the job is placed on IonQ (5,000 shots,
        // about 8.5 s), and Rigetti is back before IonQ goes down.
        await SetStatusAsync(Rigetti, "maintenance");
        (HttpStatusCode Status, JobView? Job, System.Text.Json.JsonElement Body) submitted;
        try
        {
            submitted = await Api.SubmitAsync(client, new
            {
                qasm = Api.Ghz3,
                shots = 5000,
                requirements = new { minQubits = 3, providers = new[] { "ionq", "rigetti" }, optimize = "time" },
            });
        }
        finally
        {
            await SetStatusAsync(Rigetti, "online");
        }
        var job = submitted.Job;
        Assert.True(job is not null, submitted.Body.ToString());
        var running = await Api.WaitForStateAsync(client, job.Id, state => state != "queued");
        Assert.Equal("running", running.State);
        Assert.Equal(IonQ, running.Device);
        try
        {
            await SetStatusAsync(IonQ, "offline");

            var done = await Api.WaitForTerminalAsync(client, job.Id);

            Assert.Equal("completed", done.State);
            Assert.Equal(Rigetti, done.Device);
            Assert.Equal(2, done.Attempts);
            Assert.Contains(done.Transitions, t => t.To == "retrying" && t.Reason.Contains($"{IonQ} went offline", StringComparison.Ordinal));
        }
        finally
        {
            await SetStatusAsync(IonQ, "online");
        }
    }

    [Fact]
    public async Task A_job_pinned_to_a_device_that_goes_offline_mid_run_waits_for_it_and_completes_when_it_returns()
    {
        using var client = Silo.Researcher("uchicago-rjones");
        var (_, job, body) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 4000, device = IonQ });
        Assert.True(job is not null, body.ToString());
        Assert.Equal("running", (await Api.WaitForStateAsync(client, job.Id, state => state != "queued")).State);
        try
        {
            await SetStatusAsync(IonQ, "offline");

            // Back in the device's queue after the retry backoff, and not started while the device is offline.
            await WaitForQueueDepthAsync(client, IonQ, 1);
            Assert.Equal("retrying", (await Api.GetJobAsync(client, job.Id)).State);
        }
        finally
        {
            await SetStatusAsync(IonQ, "online");
        }
        var done = await Api.WaitForTerminalAsync(client, job.Id);

        Assert.Equal("completed", done.State);
        Assert.Equal(IonQ, done.Device);
        Assert.Equal(2, done.Attempts);
    }

    private static async Task WaitForQueueDepthAsync(HttpClient client, string deviceId, int depth)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetFromJsonAsync<DeviceView>($"/api/v1/devices/{deviceId}", Api.Json))!.QueueDepth != depth)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{deviceId} never had {depth} jobs waiting.");
            }
            await Task.Delay(25);
        }
    }
}
