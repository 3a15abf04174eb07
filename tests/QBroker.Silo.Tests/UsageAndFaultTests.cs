using System.Net;
using System.Net.Http.Json;
using QBroker.Client.Api;

namespace QBroker.Silo.Tests;

[Collection(SharedSiloCollection.Name)]
public sealed class UsageAndFaultTests(SharedSilo shared)
{
    private TestSilo Silo => shared.Silo;

    [Fact]
    public async Task Usage_shows_the_tree_with_charges_budgets_and_factors_and_exports_csv()
    {
        using var client = Silo.Researcher("kaist-yjung");
        var (_, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 1000, device = "ibm-brooklyn", project = "kaist-qkd" });
        var done = await Api.WaitForTerminalAsync(client, job!.Id);
        Assert.Equal("completed", done.State);
        Assert.True(done.ActualCost > 0);

        var usage = await client.GetFromJsonAsync<UsageView>("/api/v1/usage", Api.Json);
        Assert.Equal(7, usage!.HalfLifeDays);
        var kaist = usage.Nodes.Single(n => n.Id == "kaist");
        Assert.Equal(40_000m, kaist.Budget);
        Assert.True(kaist.Spent >= done.ActualCost);
        Assert.True(kaist.DecayedUsage > 0);
        Assert.InRange(kaist.FairShareFactor, 0, 0.999);
        var project = usage.Nodes.Single(n => n.Id == "kaist-qkd");
        Assert.Equal(5_000m, project.Budget);
        Assert.Contains(usage.Nodes, n => n.Id == "kaist-qkd/kaist-yjung" && n.Kind == "researcher");
        // Other institutions show their fair-share row but not their budget, and none of their projects.
        var skku = usage.Nodes.Single(n => n.Id == "skku");
        Assert.Null(skku.Budget);
        Assert.DoesNotContain(usage.Nodes, n => n.Parent == "skku");
        // Only the caller's own researcher rows.
        Assert.DoesNotContain(usage.Nodes, n => n.Id == "kaist-vqe/kaist-mchoi");

        var rows = await client.GetFromJsonAsync<UsageExportRow[]>("/api/v1/usage/export?groupBy=device", Api.Json);
        var ibm = rows!.Single(r => r.Key == "ibm-brooklyn");
        Assert.True(ibm.JobsCharged >= 1);
        Assert.True(ibm.Charged >= done.ActualCost);
        var csv = await client.GetStringAsync("/api/v1/usage/export?groupBy=project&format=csv");
        Assert.StartsWith("project,jobs_charged,charged,reserved,released\n", csv, StringComparison.Ordinal);
        Assert.Contains("\nkaist-qkd,", csv, StringComparison.Ordinal);
        await Api.AssertProblemAsync(await client.GetAsync("/api/v1/usage/export?groupBy=planet"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_export_adds_up_a_period_per_institution_and_researcher_within_the_callers_scope()
    {
        using var researcher = Silo.Researcher("umd-asmith");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var (_, job, _) = await Api.SubmitAsync(researcher, new { qasm = Api.Ghz3, shots = 100, device = "local-sim" });
        var done = await Api.WaitForTerminalAsync(researcher, job!.Id);
        Assert.Equal("completed", done.State);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);
        string Window(DateTimeOffset from, DateTimeOffset to) => $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";

        // The researcher's own rows: this job's escrow, release and charge, and nothing of anyone else's.
        var mine = (await researcher.GetFromJsonAsync<UsageExportRow[]>($"/api/v1/usage/export?groupBy=researcher&{Window(before, after)}", Api.Json))!;
        var row = Assert.Single(mine);
        Assert.Equal("umd-asmith", row.Key);
        Assert.Equal(1, row.JobsCharged);
        Assert.Equal(done.ActualCost, row.Charged);
        Assert.Equal(done.EstimatedCost, row.Reserved);
        Assert.Equal(done.EstimatedCost, row.Released);

        // An operator sees every institution; the job counts under its own.
        using var op = Silo.Operator();
        var institutions = (await op.GetFromJsonAsync<UsageExportRow[]>($"/api/v1/usage/export?groupBy=institution&{Window(before, after)}", Api.Json))!;
        Assert.True(institutions.Single(r => r.Key == "umd").Charged >= done.ActualCost);
        Assert.Equal(institutions.Select(r => r.Key).Order(StringComparer.Ordinal), institutions.Select(r => r.Key));

        // A period that ends before the job holds none of it; a malformed time is refused by name.
        var earlier = (await researcher.GetFromJsonAsync<UsageExportRow[]>($"/api/v1/usage/export?groupBy=researcher&{Window(before.AddHours(-2), before.AddHours(-1))}", Api.Json))!;
        Assert.Empty(earlier);
        var problem = await Api.AssertProblemAsync(await researcher.GetAsync("/api/v1/usage/export?from=yesterday"), HttpStatusCode.BadRequest);
        Assert.Contains("from", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Injected_transient_faults_are_retried_and_exhaust_into_a_failure_without_a_charge()
    {
        using var op = Silo.Operator();
        using var client = Silo.Researcher("uchicago-rjones");
        await Api.AssertProblemAsync(await op.PatchAsJsonAsync("/api/v1/devices/rigetti-ankaa-3", new { faultRate = 2.0 }, Api.Json), HttpStatusCode.BadRequest);
        var patched = await op.PatchAsJsonAsync("/api/v1/devices/rigetti-ankaa-3", new { faultRate = 1.0 }, Api.Json);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(1.0, (await patched.Content.ReadFromJsonAsync<DeviceView>(Api.Json))!.FaultRate);
        try
        {
            var (_, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 100, device = "rigetti-ankaa-3" });
            var done = await Api.WaitForTerminalAsync(client, job!.Id);
            Assert.Equal("failed", done.State);
            Assert.Equal(3, done.Attempts);
            Assert.Equal(2, done.Transitions.Count(t => t.To == "retrying"));
            Assert.Contains("injected transient fault", done.Error);
            Assert.Null(done.ActualCost);
        }
        finally
        {
            await op.PatchAsJsonAsync("/api/v1/devices/rigetti-ankaa-3", new { faultRate = 0.0 }, Api.Json);
        }
    }
}
