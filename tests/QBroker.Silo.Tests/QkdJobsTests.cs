using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QBroker.Backends;
using QBroker.Backends.Qkd;
using QBroker.Client.Api;

namespace QBroker.Silo.Tests;

/// <summary>QKD experiments as jobs of kind qkd, end to end through the HTTP API of an in-process silo.</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class QkdJobsTests(SharedSilo shared)
{
    // A researcher of the QKD project whose ledger no other test touches on the testbed.
    private const string Researcher = "kaist-yjung";

    private TestSilo Silo => shared.Silo;

    private static async Task<JobResultView> ResultAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JobResultView>($"/api/v1/jobs/{id}/result", Api.Json))!;

    [Fact]
    public async Task An_experiment_is_routed_to_the_testbed_charged_by_source_time_and_returns_its_table()
    {
        using var client = Silo.Researcher(Researcher);
        const string experiment = """{"protocol":"decoy","link":{"distanceKm":25},"pulses":2e7,"seed":11}""";
        var (status, job, body) = await Api.SubmitAsync(client, new { kind = "qkd", experiment = JsonDocument.Parse(experiment).RootElement, requirements = new { deviceKind = "qkd" } });
        Assert.True(status == HttpStatusCode.Accepted, body.ToString());
        // appsettings.json: 0.10 per task + 0.50 per second of the testbed's time, which is its 1 s set-up plus the
        // source time, 2e7 pulses at 1 GHz = 0.02 s.
        Assert.Equal(0.10m + (0.50m * 1.02m), job!.EstimatedCost);

        var done = await Api.WaitForTerminalAsync(client, job.Id);
        Assert.Equal("completed", done.State);
        Assert.Equal("qkd-testbed", done.Device);
        Assert.Equal(job.EstimatedCost, done.ActualCost);

        var result = await ResultAsync(client, job.Id);
        Assert.Equal(QkdDeviceBackend.EngineName, result.Engine);
        var table = result.Qkd!.Value;
        Assert.Equal("decoy", table.GetProperty("protocol").GetString());
        Assert.Equal(11UL, table.GetProperty("seed").GetUInt64());
        Assert.False(table.TryGetProperty("plot", out _));
        var row = Assert.Single(table.GetProperty("rows").EnumerateArray());
        Assert.Equal("keyEstablished", row.GetProperty("outcome").GetString());
        var figures = row.GetProperty("figures");
        Assert.Equal(2e7, figures.GetProperty("pulses").GetDouble());
        Assert.True(figures.GetProperty("finalKeyBits").GetDouble() > 0);
        Assert.True(figures.GetProperty("asymptoticRatePerPulse").GetDouble() > figures.GetProperty("keyRatePerPulse").GetDouble());

        // Reproducible from the seed: the testbed's stored figures are what the library gives for this experiment.
        var workload = new QkdWorkload(QkdExperimentJson.Parse(experiment));
        var local = await DeviceBackends.Create(DeviceCatalogue.CreateDefault().Single(d => d.Id == "qkd-testbed"), BackendOptions.Default)
            .ExecuteAsync(workload, 1, 0, CancellationToken.None);
        Assert.Equal(local.Counts.OrderBy(c => c.Key), result.Counts.OrderBy(c => c.Key));

        // A single session has no plot.
        await Api.AssertProblemAsync(await client.GetAsync($"/api/v1/jobs/{job.Id}/result?format=svg"), HttpStatusCode.BadRequest);
        await Api.AssertProblemAsync(await client.GetAsync($"/api/v1/jobs/{job.Id}/result?format=png"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_sweep_returns_one_row_per_step_and_an_svg_plot()
    {
        using var client = Silo.Researcher(Researcher);
        var experiment = JsonDocument.Parse("""{"pulses":1e7,"seed":4,"sweep":{"variable":"distanceKm","from":0,"to":150,"steps":4}}""").RootElement;
        var (status, job, body) = await Api.SubmitAsync(client, new { kind = "qkd", experiment, device = "qkd-testbed" });
        Assert.True(status == HttpStatusCode.Accepted, body.ToString());
        Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, job!.Id)).State);

        var table = (await ResultAsync(client, job.Id)).Qkd!.Value;
        Assert.Equal("distanceKm", table.GetProperty("sweepVariable").GetString());
        var rows = table.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal([0.0, 50, 100, 150], rows.Select(r => r.GetProperty("sweepValue").GetDouble()));
        Assert.Equal([4UL, 5, 6, 7], rows.Select(r => r.GetProperty("seed").GetUInt64()));
        var plot = table.GetProperty("plot").GetString();
        Assert.Equal($"/api/v1/jobs/{job.Id}/result?format=svg", plot);

        using var svg = await client.GetAsync(plot);
        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        var text = await svg.Content.ReadAsStringAsync();
        Assert.Contains("<svg", text, StringComparison.Ordinal);
        Assert.Contains("Key rate vs distanceKm", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_experiment_under_attack_completes_with_an_aborted_session_and_no_key()
    {
        using var client = Silo.Researcher(Researcher);
        var experiment = JsonDocument.Parse("""{"protocol":"bb84","pulses":2e7,"seed":2,"eavesdropper":{"kind":"intercept-resend","fraction":1}}""").RootElement;
        var (_, job, _) = await Api.SubmitAsync(client, new { kind = "qkd", experiment });
        Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, job!.Id)).State);
        var row = Assert.Single((await ResultAsync(client, job.Id)).Qkd!.Value.GetProperty("rows").EnumerateArray());
        Assert.Equal("qberAboveThreshold", row.GetProperty("outcome").GetString());
        Assert.Equal(0, row.GetProperty("figures").GetProperty("finalKeyBits").GetDouble());
        Assert.True(row.GetProperty("figures").GetProperty("qber").GetDouble() > 0.11);
    }

    [Fact]
    public async Task The_ledger_charges_the_testbed_exactly_what_the_completed_experiments_cost()
    {
        using var client = Silo.Researcher(Researcher);
        var experiment = JsonDocument.Parse("""{"pulses":1e7,"seed":9}""").RootElement;
        var (_, job, _) = await Api.SubmitAsync(client, new { kind = "qkd", experiment });
        Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, job!.Id)).State);

        var page = await client.GetFromJsonAsync<JobPage>("/api/v1/jobs?device=qkd-testbed&state=completed&limit=500", Api.Json);
        var costs = page!.Items.Sum(j => j.ActualCost ?? 0);
        var rows = await client.GetFromJsonAsync<UsageExportRow[]>("/api/v1/usage/export?groupBy=device", Api.Json);
        var testbed = rows!.Single(r => r.Key == "qkd-testbed");
        Assert.Equal(page.Items.Count, testbed.JobsCharged);
        Assert.Equal(costs, testbed.Charged);
        Assert.True(testbed.Charged > 0);
    }

    [Theory]
    [InlineData("""{"kind":"qkd"}""", "experiment", "is required")]
    [InlineData("""{"kind":"qkd","experiment":"pulses=5"}""", "experiment", "is required")]
    [InlineData("""{"kind":"qkd","experiment":{"pulse":5}}""", "experiment", "unknown field \"pulse\"")]
    [InlineData("""{"kind":"qkd","experiment":{"protocol":"b92"}}""", "experiment", "\"protocol\" must be decoy, bb84, gllp or bbm92")]
    [InlineData("""{"kind":"qkd","experiment":{"pulses":1e11}}""", "experiment", "\"pulses\" must be between 1 and 10,000,000,000")]
    [InlineData("""{"kind":"qkd","experiment":{"link":{"misalignment":0.7}}}""", "experiment", "misalignment must lie in [0, 0.5]")]
    [InlineData("""{"kind":"qkd","experiment":{"sweep":{"variable":"distanceKm","from":0,"to":100,"steps":1000}}}""", "experiment", "\"sweep.steps\" must be between 2 and 41")]
    [InlineData("""{"kind":"qkd","experiment":{"targetKeyBits":2000000,"sweep":{"variable":"distanceKm","from":0,"to":1,"steps":10}}}""", "experiment", "at most 10,000,000 are allowed")]
    [InlineData("""{"kind":"qkd","experiment":{},"shots":100}""", "shots", "one experiment")]
    [InlineData("""{"kind":"qkd","experiment":{},"qasm":"OPENQASM 2.0;"}""", "qasm", "takes an 'experiment'")]
    [InlineData("""{"qasm":"OPENQASM 2.0; qreg q[1];","shots":1,"experiment":{}}""", "experiment", "belongs to qkd jobs")]
    public async Task A_bad_experiment_is_refused_with_a_problem_naming_the_field(string request, string field, string message)
    {
        using var client = Silo.Researcher(Researcher);
        using var content = new StringContent(request, System.Text.Encoding.UTF8, "application/json");
        var problem = await Api.AssertProblemAsync(await client.PostAsync("/api/v1/jobs", content), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").GetProperty(field);
        Assert.Contains(message, errors[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Experiments_and_circuits_do_not_cross_device_kinds()
    {
        using var client = Silo.Researcher(Researcher);
        var experiment = JsonDocument.Parse("{}").RootElement;
        await Api.AssertProblemAsync(
            await client.PostAsJsonAsync("/api/v1/jobs", new { kind = "qkd", experiment, requirements = new { deviceKind = "gate" } }, Api.Json),
            HttpStatusCode.UnprocessableEntity);
        await Api.AssertProblemAsync(
            await client.PostAsJsonAsync("/api/v1/jobs", new { kind = "qkd", experiment, device = "local-sim" }, Api.Json),
            HttpStatusCode.UnprocessableEntity);
        await Api.AssertProblemAsync(
            await client.PostAsJsonAsync("/api/v1/jobs", new { qasm = Api.Ghz3, shots = 1, device = "qkd-testbed" }, Api.Json),
            HttpStatusCode.UnprocessableEntity);
    }
}
