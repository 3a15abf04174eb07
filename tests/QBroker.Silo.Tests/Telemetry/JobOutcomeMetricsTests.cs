using System.Net;
using System.Net.Http.Json;
using QBroker.Grains.Telemetry;

namespace QBroker.Silo.Tests.Telemetry;

/// <summary>
/// The outcomes a Prometheus test workload of healthy jobs never reaches: retries after transient faults, a failure
/// once the attempts are spent, and a cancellation while queued, read from the "QBroker" meter in process. The meter is
/// process-wide, so this runs in the collection that runs alone.
/// </summary>
[Collection(IsolatedTelemetryCollection.Name)]
public sealed class JobOutcomeMetricsTests
{
    [Fact]
    public async Task Retries_failures_and_cancellations_are_counted_with_their_device()
    {
        using var measurements = new BrokerMeasurements();
        await using var silo = await TestSilo.StartAsync();
        using var operatorClient = silo.Operator();
        using var client = silo.Researcher("skku-jkim");

        // Every execution on local-sim faults transiently: attempts 1 and 2 are retried, attempt 3 (the default
        // MaxAttempts) fails.
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PatchAsJsonAsync("/api/v1/devices/local-sim", new { faultRate = 1.0 })).StatusCode);
        var (_, faulty, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10, device = "local-sim" });
        Assert.Equal("failed", (await Api.WaitForTerminalAsync(client, faulty!.Id)).State);

        // A device in maintenance keeps its jobs queued, so this one is cancelled before it ever runs.
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PatchAsJsonAsync("/api/v1/devices/ionq-harmony", new { status = "maintenance" })).StatusCode);
        var (_, waiting, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10, device = "ionq-harmony" });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/jobs/{waiting!.Id}/cancel", null)).StatusCode);
        Assert.Equal("cancelled", (await Api.WaitForTerminalAsync(client, waiting.Id)).State);

        var outcomes = measurements.Recorded("qbroker.jobs.outcomes");
        Assert.Equal(
            [("local-sim", JobOutcome.Failed), ("local-sim", JobOutcome.Retried), ("local-sim", JobOutcome.Retried), ("ionq-harmony", JobOutcome.Cancelled)],
            outcomes.Select(o => ((string)o.Tags[QBrokerTelemetry.DeviceTag]!, (string)o.Tags[QBrokerTelemetry.OutcomeTag]!))
                .OrderBy(o => o.Item1 == "ionq-harmony").ThenBy(o => o.Item2, StringComparer.Ordinal));
        Assert.All(outcomes, o => Assert.Equal(1, o.Value));
        Assert.All(outcomes, o => Assert.Equal("skku", o.Tags[QBrokerTelemetry.InstitutionTag]));
        // One run time per execution (three attempts); none for the job that never ran, and one queue wait: submit to
        // the first start only.
        Assert.Equal(3, measurements.Recorded("qbroker.job.run.duration").Count);
        Assert.Single(measurements.Recorded("qbroker.job.queue_wait.duration"));
        Assert.Equal(2, measurements.Recorded("qbroker.jobs.submitted").Count);
    }
}
