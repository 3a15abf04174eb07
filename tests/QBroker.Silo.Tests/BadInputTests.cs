using System.Net;
using System.Net.Http.Json;
using System.Text;
using QBroker.Client.Api;

namespace QBroker.Silo.Tests;

/// <summary>Every kind of bad submission gets a precise problem document and leaves nothing behind.</summary>
[Collection(SharedSiloCollection.Name)]
public sealed class BadInputTests(SharedSilo shared)
{
    private const string Researcher = "hanyang-syoon";

    private TestSilo Silo => shared.Silo;

    private async Task<int> StoredJobCountAsync()
    {
        using var admin = Silo.Admin("hanyang");
        var page = await admin.GetFromJsonAsync<JobPage>("/api/v1/jobs?limit=500", Api.Json);
        return page!.Items.Count;
    }

    private async Task<System.Text.Json.JsonElement> PostRawAsync(string body, HttpStatusCode expected, string contentType = "application/json")
    {
        using var client = Silo.Researcher(Researcher);
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await client.PostAsync("/api/v1/jobs", content);
        return await Api.AssertProblemAsync(response, expected);
    }

    [Fact]
    public async Task Malformed_json_names_the_line_and_column()
    {
        var before = await StoredJobCountAsync();
        var problem = await PostRawAsync("{\n  \"shots\": 10,\n  \"qasm\": oops\n}", HttpStatusCode.BadRequest);
        Assert.Equal(3, problem.GetProperty("line").GetInt32());
        Assert.Equal(11, problem.GetProperty("column").GetInt32());
        Assert.Contains("line 3", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await StoredJobCountAsync());
    }

    [Theory]
    [InlineData("{\"shots\": 10, \"device\": \"local-sim\"}", "qasm")]
    [InlineData("{\"qasm\": \"OPENQASM 2.0; qreg q[1];\", \"device\": \"local-sim\"}", "shots")]
    [InlineData("{\"qasm\": \"OPENQASM 2.0; qreg q[1];\", \"shots\": 0, \"device\": \"local-sim\"}", "shots")]
    [InlineData("{\"qasm\": \"OPENQASM 2.0; qreg q[1];\", \"shots\": 10, \"device\": \"local-sim\", \"priority\": 99}", "priority")]
    [InlineData("{\"qasm\": \"OPENQASM 2.0; qreg q[1];\", \"shots\": 10, \"device\": \"local-sim\", \"tags\": [\"has space\"]}", "tags")]
    [InlineData("{\"qasm\": \"OPENQASM 2.0; qreg q[1];\", \"shots\": 10, \"kind\": \"teleport\"}", "kind")]
    public async Task Missing_or_invalid_fields_are_named(string body, string field)
    {
        var before = await StoredJobCountAsync();
        var problem = await PostRawAsync(body, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await StoredJobCountAsync());
    }

    [Fact]
    public async Task Malformed_qasm_names_the_line_and_column()
    {
        using var client = Silo.Researcher(Researcher);
        var qasm = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nfoo q[0];\n";
        var (status, _, body) = await Api.SubmitAsync(client, new { qasm, shots = 10, device = "local-sim" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(4, body.GetProperty("line").GetInt32());
        Assert.Equal(1, body.GetProperty("column").GetInt32());
        Assert.Contains("foo", body.GetProperty("detail").GetString());
        Assert.Equal("/problems/malformed-qasm", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Unknown_devices_and_devices_that_cannot_run_the_circuit_are_422()
    {
        using var client = Silo.Researcher(Researcher);
        var unknown = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10, device = "ibm-imaginary" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.Status);
        Assert.Contains("ibm-imaginary", unknown.Body.GetProperty("detail").GetString());

        var wide = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[20];\ncreg c[20];\nh q;\nmeasure q -> c;\n";
        var tooWide = await Api.SubmitAsync(client, new { qasm = wide, shots = 10, device = "ionq-harmony" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooWide.Status);
        Assert.Contains("ionq-harmony", tooWide.Body.GetProperty("detail").GetString());

        var impossible = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10, requirements = new { minQubits = 10_000 } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, impossible.Status);
        Assert.Equal("/problems/no-eligible-device", impossible.Body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Shots_beyond_the_device_limit_are_refused()
    {
        using var client = Silo.Researcher(Researcher);
        var (status, _, body) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 8193, device = "ibm-brooklyn" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("8192", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Oversized_payloads_get_413()
    {
        var before = await StoredJobCountAsync();
        var huge = "{\"shots\": 10, \"device\": \"local-sim\", \"qasm\": \"" + new string('x', 2 << 20) + "\"}";
        await PostRawAsync(huge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await StoredJobCountAsync());
    }

    [Fact]
    public async Task Requirements_without_a_device_place_the_job_on_an_eligible_device()
    {
        using var client = Silo.Researcher(Researcher);
        var (status, job, _) = await Api.SubmitAsync(client, new { qasm = Api.Ghz3, shots = 10, requirements = new { minQubits = 60, providers = new[] { "ibm", "rigetti" }, optimize = "cost" } });
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(60, job!.Requirements!.MinQubits);
        // Both have 60 qubits or more; the cheaper one runs it (0.30 + 10 × 0.0009 credits on Rigetti against about
        // 2 s × 1.60 on IBM), and the job is recorded where it ran.
        var done = await Api.WaitForTerminalAsync(client, job.Id);
        Assert.Equal("completed", done.State);
        Assert.Equal("rigetti-ankaa-3", done.Device);
    }

    [Fact]
    public async Task Admin_and_operator_keys_do_not_submit_jobs()
    {
        using var op = Silo.Operator();
        var (status, _, _) = await Api.SubmitAsync(op, new { qasm = Api.Ghz3, shots = 10, device = "local-sim" });
        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task Unknown_jobs_are_404_problems()
    {
        using var client = Silo.Researcher(Researcher);
        await Api.AssertProblemAsync(await client.GetAsync($"/api/v1/jobs/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await Api.AssertProblemAsync(await client.GetAsync("/api/v1/jobs/not-a-guid/result"), HttpStatusCode.NotFound);
    }
}
