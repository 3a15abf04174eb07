using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QBroker.Client.Api;

namespace QBroker.Silo.Tests;

[Collection(SharedSiloCollection.Name)]
public sealed class JobApiTests(SharedSilo shared)
{
    private TestSilo Silo => shared.Silo;

    [Fact]
    public async Task A_circuit_goes_end_to_end_and_its_history_is_recorded()
    {
        using var client = Silo.Researcher("skku-jkim");
        var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 2000, device = "local-sim", tags = new[] { "e2e" } });

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.NotNull(job);
        Assert.Equal("queued", job.State);
        Assert.NotNull(job.QueuePosition);
        Assert.NotNull(job.EstimatedStart);
        Assert.True(job.EstimatedCost > 0);

        var done = await Api.WaitForTerminalAsync(client, job.Id);
        Assert.Equal("completed", done.State);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(
            [(null, "queued"), ("queued", "running"), ("running", "completed")],
            done.Transitions.Select(t => (t.From, t.To)));
        Assert.All(done.Transitions, t => Assert.False(string.IsNullOrWhiteSpace(t.Reason)));
        // The start names the silo that ran the execution, as GET /api/v1/cluster names silos; nothing else does.
        using (var op = Silo.Operator())
        {
            var cluster = await op.GetFromJsonAsync<ClusterView>("/api/v1/cluster", Api.Json);
            Assert.Equal([null, cluster!.Silo, null], done.Transitions.Select(t => t.Silo));
        }

        var result = await client.GetFromJsonAsync<JobResultView>($"/api/v1/jobs/{job.Id}/result", Api.Json);
        Assert.NotNull(result);
        Assert.Equal(2000, result.Counts.Values.Sum());
        Assert.Equal(["000", "111"], result.Counts.Keys.Order());
        // Ideal GHZ: each outcome is Binomial(2000, 1/2); 5 standard deviations is sqrt(500)*5 ≈ 112.
        Assert.InRange(result.Counts["000"], 1000 - 112, 1000 + 112);
    }

    [Fact]
    public async Task The_same_client_token_returns_the_same_job_and_a_different_payload_conflicts()
    {
        using var client = Silo.Researcher("kaist-mchoi");
        var token = "token-" + Guid.NewGuid().ToString("N");
        var request = new { qasm = Api.Ghz3, shots = 100, device = "local-sim", clientToken = token };

        var first = await Api.SubmitAsync(client, request);
        var second = await Api.SubmitAsync(client, request);

        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.Equal(first.Job!.Id, second.Job!.Id);
        Assert.False(first.Job.Duplicate);
        Assert.True(second.Job.Duplicate);

        var conflicting = await Api.SubmitAsync(client, request with { shots = 101 });
        Assert.Equal(HttpStatusCode.Conflict, conflicting.Status);
        Assert.Contains(token, conflicting.Body.GetProperty("detail").GetString());

        // The same token from another researcher is their own, separate job.
        using var colleague = Silo.Researcher("kaist-yjung");
        var theirs = await Api.SubmitAsync(colleague, request);
        Assert.NotEqual(first.Job.Id, theirs.Job!.Id);
    }

    [Fact]
    public async Task Researchers_see_only_their_jobs_admins_their_institution_and_operators_all()
    {
        using var owner = Silo.Researcher("skku-hpark");
        var (_, job, _) = await Api.SubmitAsync(owner, new { qasm = Api.Ghz3, shots = 10, device = "local-sim" });
        var path = $"/api/v1/jobs/{job!.Id}";

        using var colleague = Silo.Researcher("skku-jkim");
        await Api.AssertProblemAsync(await colleague.GetAsync(path), HttpStatusCode.NotFound);
        await Api.AssertProblemAsync(await colleague.PostAsync(path + "/cancel", null), HttpStatusCode.NotFound);
        using var otherAdmin = Silo.Admin("kaist");
        await Api.AssertProblemAsync(await otherAdmin.GetAsync(path), HttpStatusCode.NotFound);

        using var admin = Silo.Admin("skku");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(path)).StatusCode);
        using var op = Silo.Operator();
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync(path)).StatusCode);

        var colleagueList = await colleague.GetFromJsonAsync<JobPage>("/api/v1/jobs?limit=500", Api.Json);
        Assert.DoesNotContain(colleagueList!.Items, item => item.Id == job.Id);
        var adminList = await admin.GetFromJsonAsync<JobPage>("/api/v1/jobs?owner=skku-hpark&limit=500", Api.Json);
        Assert.Contains(adminList!.Items, item => item.Id == job.Id);
        Assert.All(adminList.Items, item => Assert.Equal("skku", item.Institution));
    }

    [Fact]
    public async Task Admins_cancel_their_institutions_jobs_operators_any_and_nobody_else_can()
    {
        using var op = Silo.Operator();
        using var owner = Silo.Researcher("skku-hpark");
        // Held in the queue by maintenance, so each job is still cancellable when its turn comes.
        Assert.Equal(HttpStatusCode.OK, (await op.PatchAsJsonAsync("/api/v1/devices/rigetti-ankaa-3", new { status = "maintenance", reason = "test" }, Api.Json)).StatusCode);
        try
        {
            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                var (_, job, _) = await Api.SubmitAsync(owner, new { qasm = Api.Ghz3, shots = 10, device = "rigetti-ankaa-3" });
                ids.Add(job!.Id);
            }

            using var colleague = Silo.Researcher("skku-jkim");
            using var otherAdmin = Silo.Admin("kaist");
            await Api.AssertProblemAsync(await colleague.PostAsync($"/api/v1/jobs/{ids[0]}/cancel", null), HttpStatusCode.NotFound);
            await Api.AssertProblemAsync(await otherAdmin.PostAsync($"/api/v1/jobs/{ids[0]}/cancel", null), HttpStatusCode.NotFound);
            Assert.Equal("queued", (await Api.GetJobAsync(owner, ids[0])).State);

            using var admin = Silo.Admin("skku");
            using var byAdmin = await admin.PostAsync($"/api/v1/jobs/{ids[0]}/cancel", null);
            using var byOperator = await op.PostAsync($"/api/v1/jobs/{ids[1]}/cancel", null);
            using var byOwner = await owner.PostAsync($"/api/v1/jobs/{ids[2]}/cancel", null);

            foreach (var response in new[] { byAdmin, byOperator, byOwner })
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("cancelled", (await response.Content.ReadFromJsonAsync<JobView>(Api.Json))!.State);
            }
            // Each cancellation is recorded with who asked for it in the job's history.
            string[] expected = ["cancelled by admin skku-admin", "cancelled by operator operator", "cancelled by researcher skku-hpark"];
            for (var i = 0; i < ids.Count; i++)
            {
                Assert.Equal(expected[i], (await Api.GetJobAsync(owner, ids[i])).Transitions[^1].Reason);
            }
        }
        finally
        {
            await op.PatchAsJsonAsync("/api/v1/devices/rigetti-ankaa-3", new { status = "online" }, Api.Json);
        }
    }

    [Fact]
    public async Task Requests_without_a_valid_key_get_401_problems()
    {
        using var anonymous = Silo.Client(null);
        var problem = await Api.AssertProblemAsync(await anonymous.GetAsync("/api/v1/jobs"), HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", problem.GetProperty("detail").GetString());

        using var wrong = Silo.Client("qbk_000000000000_not-a-real-secret");
        await Api.AssertProblemAsync(await wrong.GetAsync("/api/v1/devices"), HttpStatusCode.Unauthorized);

        // A real key id with a wrong secret is refused too.
        var real = Silo.Keys.Researchers["kias-sylee"];
        using var tampered = Silo.Client(real[..^2] + (real[^1] == 'A' ? "BB" : "AA"));
        await Api.AssertProblemAsync(await tampered.GetAsync("/api/v1/whoami"), HttpStatusCode.Unauthorized);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Listing_filters_by_state_tag_and_device_and_pages_with_a_cursor()
    {
        using var client = Silo.Researcher("unist-dkang");
        var tag = "page-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10, device = "local-sim", tags = new[] { tag } })).Job!.Id);
        }
        foreach (var id in ids)
        {
            await Api.WaitForTerminalAsync(client, id);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JobPage>($"/api/v1/jobs?tag={tag}&limit=3&state=completed&device=local-sim" + (cursor is null ? "" : $"&cursor={cursor}"), Api.Json);
            Assert.InRange(page!.Items.Count, 1, 3);
            seen.AddRange(page.Items.Select(item => item.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(ids.AsEnumerable().Reverse(), seen);

        var none = await client.GetFromJsonAsync<JobPage>($"/api/v1/jobs?tag={tag}&state=failed", Api.Json);
        Assert.Empty(none!.Items);
        await Api.AssertProblemAsync(await client.GetAsync("/api/v1/jobs?state=sleeping"), HttpStatusCode.BadRequest);
        await Api.AssertProblemAsync(await client.GetAsync("/api/v1/jobs?cursor=bogus"), HttpStatusCode.BadRequest);
        await Api.AssertProblemAsync(await client.GetAsync("/api/v1/jobs?limit=0"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_queued_job_can_be_cancelled_once_and_then_never_runs()
    {
        using var op = Silo.Operator();
        using var client = Silo.Researcher("kriss-jlim");
        var patch = await op.PatchAsJsonAsync("/api/v1/devices/rigetti-ankaa-3", new { status = "maintenance", reason = "test" }, Api.Json);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        try
        {
            var (_, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10, device = "rigetti-ankaa-3" });
            var waiting = await Api.GetJobAsync(client, job!.Id);
            Assert.Equal("queued", waiting.State);
            Assert.Equal(1, waiting.QueuePosition);

            using var cancel = await client.PostAsync($"/api/v1/jobs/{job.Id}/cancel", null);
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JobView>(Api.Json))!.State);
            await Api.AssertProblemAsync(await client.PostAsync($"/api/v1/jobs/{job.Id}/cancel", null), HttpStatusCode.Conflict);
            await Api.AssertProblemAsync(await client.GetAsync($"/api/v1/jobs/{job.Id}/result"), HttpStatusCode.Conflict);
        }
        finally
        {
            await op.PatchAsJsonAsync("/api/v1/devices/rigetti-ankaa-3", new { status = "online" }, Api.Json);
        }
    }

    [Fact]
    public async Task Jobs_wait_while_their_device_is_in_maintenance_and_run_when_it_returns()
    {
        using var op = Silo.Operator();
        using var client = Silo.Researcher("kist-ehan");
        await op.PatchAsJsonAsync("/api/v1/devices/ionq-harmony", new { status = "maintenance" }, Api.Json);
        var (_, first, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10, device = "ionq-harmony" });
        var (_, second, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10, device = "ionq-harmony" });
        Assert.Equal(2, (await Api.GetJobAsync(client, second!.Id)).QueuePosition);
        var devices = await client.GetFromJsonAsync<DeviceView[]>("/api/v1/devices", Api.Json);
        var ionq = devices!.Single(d => d.Id == "ionq-harmony");
        Assert.Equal("maintenance", ionq.Status);
        Assert.Equal(2, ionq.QueueDepth);

        await op.PatchAsJsonAsync("/api/v1/devices/ionq-harmony", new { status = "online" }, Api.Json);
        Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, first!.Id)).State);
        Assert.Equal("completed", (await Api.WaitForTerminalAsync(client, second.Id)).State);
    }

    [Fact]
    public async Task Only_operators_change_device_status()
    {
        using var client = Silo.Researcher("lge-wshin");
        var response = await client.PatchAsJsonAsync("/api/v1/devices/local-sim", new { status = "offline" }, Api.Json);
        await Api.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        using var op = Silo.Operator();
        await Api.AssertProblemAsync(await op.PatchAsJsonAsync("/api/v1/devices/local-sim", new { status = "asleep" }, Api.Json), HttpStatusCode.BadRequest);
        await Api.AssertProblemAsync(await op.PatchAsJsonAsync("/api/v1/devices/nope", new { status = "online" }, Api.Json), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Devices_and_identity_and_openapi_are_served()
    {
        using var client = Silo.Researcher("umd-asmith");
        var devices = await client.GetFromJsonAsync<DeviceView[]>("/api/v1/devices", Api.Json);
        Assert.Equal(["dwave-advantage", "ibm-brooklyn", "ionq-harmony", "local-sim", "qkd-testbed", "rigetti-ankaa-3"], devices!.Select(d => d.Id).Order());
        Assert.Equal(65, devices!.Single(d => d.Id == "ibm-brooklyn").Qubits);
        Assert.Equal(11, devices!.Single(d => d.Id == "ionq-harmony").Qubits);
        var one = await client.GetFromJsonAsync<DeviceView>("/api/v1/devices/ibm-brooklyn", Api.Json);
        Assert.Equal("ibm", one!.Provider);

        var me = await client.GetFromJsonAsync<WhoAmI>("/api/v1/whoami", Api.Json);
        Assert.Equal("researcher", me!.Role);
        Assert.Equal("umd", me.Institution);

        using var anonymous = Silo.Client(null);
        var openApi = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Api.Json);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/jobs", out _));
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/jobs/{id}/result", out _));
    }
}
