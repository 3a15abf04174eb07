using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using QBroker.Cli.Tests.Support;
using QBroker.Client.Api;

namespace QBroker.Cli.Tests;

/// <summary>The commands against a fake server over real HTTP: what they send, print and return.</summary>
public sealed class CliCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private Dictionary<string, string?> Env(FakeApiServer server, string token = "key") =>
        new() { ["QBROKER_URL"] = server.Url.ToString(), ["QBROKER_TOKEN"] = token, ["HOME"] = _temp.Path };

    [Fact]
    public async Task Status_json_has_the_api_camel_case_shape()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs/{id}", (string id) => Results.Json(SampleViews.Job(id, JobStates.Queued, 4))));

        var run = await CliRun.RunAsync(Env(server), "status", "j-1", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("j-1", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("queued", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(4, json.RootElement.GetProperty("queuePosition").GetInt32());
        Assert.Equal(1.25m, json.RootElement.GetProperty("estimatedCost").GetDecimal());
        Assert.Equal("demo", json.RootElement.GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task Status_prints_a_readable_job()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs/{id}", (string id) => Results.Json(SampleViews.Job(id, JobStates.Queued, 4))));

        var run = await CliRun.RunAsync(Env(server), "status", "j-1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Matches(@"queue position\s+4\s", run.Out);
        Assert.Contains("alice (skku, project qsim)", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_sends_every_option_and_prints_the_job()
    {
        var qasm = "OPENQASM 2.0;\nqreg q[2];\n";
        File.WriteAllText(_temp.File("bell.qasm"), qasm);
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapPost("/api/v1/jobs", () => Results.Json(SampleViews.Job("j-5", JobStates.Queued, 1), statusCode: 202)));

        var run = await CliRun.RunAsync(
            Env(server),
            "submit", _temp.File("bell.qasm"), "--shots", "256", "--min-qubits", "2", "--provider", "ionq", "--provider", "ibm",
            "--optimize", "cost", "--priority", "-3", "--tag", "a", "--tag", "b", "--client-token", "ct-1", "--project", "p1", "--name", "bell");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("j-5", run.Out, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(Assert.Single(server.Requests).Body);
        var root = body.RootElement;
        Assert.Equal(qasm, root.GetProperty("qasm").GetString());
        Assert.Equal("circuit", root.GetProperty("kind").GetString());
        Assert.Equal(256, root.GetProperty("shots").GetInt32());
        Assert.False(root.TryGetProperty("device", out _), "null members are left out, as the API does");
        Assert.Equal(2, root.GetProperty("requirements").GetProperty("minQubits").GetInt32());
        Assert.Equal(["ionq", "ibm"], root.GetProperty("requirements").GetProperty("providers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("cost", root.GetProperty("requirements").GetProperty("optimize").GetString());
        Assert.Equal(-3, root.GetProperty("priority").GetInt32());
        Assert.Equal(["a", "b"], root.GetProperty("tags").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("ct-1", root.GetProperty("clientToken").GetString());
        Assert.Equal("p1", root.GetProperty("project").GetString());
        Assert.Equal("bell", root.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_qasm_error_prints_file_line_column_and_exits_1()
    {
        File.WriteAllText(_temp.File("bad.qasm"), "OPENQASM 2.0;\nhh q[0];\n");
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapPost("/api/v1/jobs", () => FakeApiServer.Problem(400, "Invalid QASM", "unknown gate 'hh'", line: 2, column: 1)));

        var run = await CliRun.RunAsync(Env(server), "submit", _temp.File("bad.qasm"), "--shots", "10");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.Equal([$"{_temp.File("bad.qasm")}:2:1: unknown gate 'hh'"], run.ErrorLines);
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData(401, ExitCodes.NotAuthenticated)]
    [InlineData(403, ExitCodes.NotFound)]
    [InlineData(404, ExitCodes.NotFound)]
    [InlineData(409, ExitCodes.Error)]
    public async Task Api_errors_are_one_line_with_the_mapped_exit_code(int status, int exitCode)
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapPost("/api/v1/jobs/{id}/cancel", () => FakeApiServer.Problem(status, "Nope", "the reason")));

        var run = await CliRun.RunAsync(Env(server), "cancel", "j-1");

        Assert.Equal(exitCode, run.ExitCode);
        Assert.Contains("the reason", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Result_prints_counts_sorted_with_a_chart_and_json_gives_all_counts()
    {
        var counts = new Dictionary<string, long> { ["000"] = 480, ["111"] = 500, ["010"] = 20 };
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs/{id}/result", (string id) => Results.Json(SampleViews.Result(id, counts))));

        var human = await CliRun.RunAsync(Env(server), "result", "j-1", "--top", "2");
        var json = await CliRun.RunAsync(Env(server), "result", "j-1", "--top", "2", "--json");

        Assert.Equal(ExitCodes.Success, human.ExitCode);
        var rows = human.Out.Split('\n').Select(line => line.Trim()).ToList();
        Assert.True(rows.FindIndex(r => r.StartsWith("111 ", StringComparison.Ordinal)) < rows.FindIndex(r => r.StartsWith("000 ", StringComparison.Ordinal)), human.Out);
        Assert.Contains("1 more", human.Out, StringComparison.Ordinal);
        Assert.Contains("█", human.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(3, document.RootElement.GetProperty("counts").EnumerateObject().Count());
        Assert.Equal(500, document.RootElement.GetProperty("counts").GetProperty("111").GetInt64());
    }

    [Fact]
    public async Task Jobs_all_follows_every_cursor_and_passes_filters()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs", (string? cursor) => cursor switch
            {
                null => Results.Json(new JobPage([SampleViews.Job("j-3"), SampleViews.Job("j-2")], "c2")),
                "c2" => Results.Json(new JobPage([SampleViews.Job("j-1")], null)),
                _ => Results.BadRequest(),
            }));

        var run = await CliRun.RunAsync(Env(server), "jobs", "--all", "--state", "queued", "--tag", "demo", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(["j-3", "j-2", "j-1"], json.RootElement.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        Assert.False(json.RootElement.TryGetProperty("nextCursor", out _));
        Assert.Equal(
            ["/api/v1/jobs?state=queued&tag=demo", "/api/v1/jobs?state=queued&tag=demo&cursor=c2"],
            server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Jobs_without_all_shows_one_page_and_how_to_get_more()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs", () => Results.Json(new JobPage([SampleViews.Job("j-3")], "c2"))));

        var run = await CliRun.RunAsync(Env(server), "jobs", "--limit", "1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("j-3", run.Out, StringComparison.Ordinal);
        Assert.Contains("--cursor c2", run.Out, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Devices_lists_devices_and_json_is_an_array()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/devices", () => Results.Json(new[] { SampleViews.Device("ionq-11"), SampleViews.Device("sim") })));

        var human = await CliRun.RunAsync(Env(server), "devices");
        var json = await CliRun.RunAsync(Env(server), "devices", "--json");

        Assert.Contains("ionq-11", human.Out, StringComparison.Ordinal);
        Assert.Contains("IonQ Harmony", human.Out, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(2, document.RootElement.GetArrayLength());
        Assert.Equal("sim", document.RootElement[1].GetProperty("id").GetString());
        Assert.Equal(2, document.RootElement[1].GetProperty("queueDepth").GetInt32());
    }

    [Fact]
    public async Task Watch_prints_a_line_per_change_and_exits_by_outcome()
    {
        var script = new JobScript(
            SampleViews.Job("j-1", JobStates.Queued, 1),
            SampleViews.Job("j-1", JobStates.Running),
            SampleViews.Job("j-1", JobStates.Failed) with { Error = "device fault" });
        await using var server = await FakeApiServer.StartAsync(script.MapTo);

        var run = await CliRun.RunAsync(Env(server), "watch", "j-1", "--interval", "0.05");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("state=queued", lines[0], StringComparison.Ordinal);
        Assert.Contains("state=running", lines[1], StringComparison.Ordinal);
        Assert.Contains("state=failed", lines[2], StringComparison.Ordinal);
        Assert.Equal(["qbroker: job j-1 failed: device fault"], run.ErrorLines);
    }

    [Fact]
    public async Task Watch_json_streams_one_job_object_per_line()
    {
        var script = new JobScript(SampleViews.Job("j-1", JobStates.Running), SampleViews.Job("j-1", JobStates.Completed));
        await using var server = await FakeApiServer.StartAsync(script.MapTo);

        var run = await CliRun.RunAsync(Env(server), "watch", "j-1", "--interval", "0.05", "--json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var states = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("state").GetString());
        Assert.Equal(["running", "completed"], states);
    }

    [Fact]
    public async Task Submit_wait_follows_the_job_and_prints_the_result()
    {
        File.WriteAllText(_temp.File("ghz.qasm"), "OPENQASM 2.0;");
        var script = new JobScript(SampleViews.Job("j-9", JobStates.Running), SampleViews.Job("j-9", JobStates.Completed));
        await using var server = await FakeApiServer.StartAsync(app =>
        {
            app.MapPost("/api/v1/jobs", () => Results.Json(SampleViews.Job("j-9", JobStates.Queued, 1), statusCode: 202));
            script.MapTo(app);
            app.MapGet("/api/v1/jobs/{id}/result", (string id) =>
                Results.Json(SampleViews.Result(id, new Dictionary<string, long> { ["000"] = 51, ["111"] = 49 })));
        });

        var human = await CliRun.RunAsync(Env(server), "submit", _temp.File("ghz.qasm"), "--shots", "100", "--wait", "--interval", "0.05");
        var json = await CliRun.RunAsync(Env(server), "submit", _temp.File("ghz.qasm"), "--shots", "100", "--wait", "--interval", "0.05", "--json");

        Assert.Equal(ExitCodes.Success, human.ExitCode);
        Assert.Contains("submitted job j-9", human.Out, StringComparison.Ordinal);
        Assert.Contains("state=completed", human.Out, StringComparison.Ordinal);
        Assert.Contains("0.5100", human.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal(51, document.RootElement.GetProperty("counts").GetProperty("000").GetInt64());
    }

    [Fact]
    public async Task Login_checks_the_key_then_stores_it_readable_by_the_owner_only()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
        {
            app.MapGet("/api/v1/whoami", () => Results.Json(new WhoAmI { Role = "researcher", Subject = "alice", Institution = "skku" }));
            app.MapGet("/api/v1/devices", () => Results.Json(Array.Empty<DeviceView>()));
        });
        var env = new Dictionary<string, string?> { ["HOME"] = _temp.Path };

        var login = await CliRun.RunAsync(env, "login", "--url", server.Url.ToString(), "--token", "secret");
        var devices = await CliRun.RunAsync(env, "devices", "--json");

        Assert.Equal(ExitCodes.Success, login.ExitCode);
        var path = Path.Combine(_temp.Path, ".config", "qbroker", "config.json");
        Assert.Contains($"as alice (researcher, skku); key saved in {path}", login.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(ExitCodes.Success, devices.ExitCode);
        Assert.All(server.Requests, r => Assert.Equal("Bearer secret", r.Authorization));
    }

    [Fact]
    public async Task Login_with_a_rejected_key_stores_nothing_and_exits_3()
    {
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/whoami", () => FakeApiServer.Problem(401, "Unauthorized", "unknown API key")));
        var env = new Dictionary<string, string?> { ["QBROKER_CONFIG"] = _temp.File("c.json") };

        var run = await CliRun.RunAsync(env, "login", "--url", server.Url.ToString(), "--token", "wrong");

        Assert.Equal(ExitCodes.NotAuthenticated, run.ExitCode);
        Assert.Contains("rejected the key: unknown API key", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.File("c.json")));
    }

    [Fact]
    public async Task Logout_removes_the_stored_key()
    {
        var env = new Dictionary<string, string?> { ["QBROKER_CONFIG"] = _temp.File("c.json") };
        File.WriteAllText(_temp.File("c.json"), "{\"url\":\"http://q/\",\"token\":\"t\"}");

        var first = await CliRun.RunAsync(env, "logout", "--json");
        var second = await CliRun.RunAsync(env, "logout");

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        using var json = JsonDocument.Parse(first.Out);
        Assert.True(json.RootElement.GetProperty("removed").GetBoolean());
        Assert.False(File.Exists(_temp.File("c.json")));
        Assert.Contains("not logged in", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_on_a_terminal_redraws_a_live_panel_until_the_job_ends()
    {
        var script = new JobScript(
            SampleViews.Job("j-1", JobStates.Queued, 2),
            SampleViews.Job("j-1", JobStates.Running),
            SampleViews.Job("j-1", JobStates.Completed));
        await using var server = await FakeApiServer.StartAsync(script.MapTo);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await CliApp.RunAsync(
            ["watch", "j-1", "--interval", "0.05"],
            new CliTerminal(stdout, stderr, OutIsTerminal: true),
            Env(server),
            TimeProvider.System,
            CancellationToken.None);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("completed", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("job j-1", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, script.Polls);
        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public async Task Cancellation_by_the_caller_exits_130()
    {
        // Ctrl+C arrives once the watch is under way: the server cancels on the first poll, whatever the machine's speed.
        using var cancellation = new CancellationTokenSource();
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapGet("/api/v1/jobs/{id}", async (string id) =>
            {
                await cancellation.CancelAsync();
                return Results.Json(SampleViews.Job(id, JobStates.Queued, 1));
            }));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await CliApp.RunAsync(["watch", "j-1", "--interval", "0.05"], stdout, stderr, Env(server), cancellation.Token);

        Assert.Equal(ExitCodes.Interrupted, exitCode);
        Assert.Equal("qbroker: interrupted", stderr.ToString().Trim());
    }

    [Fact]
    public async Task Interrupting_submit_wait_says_the_job_goes_on()
    {
        File.WriteAllText(_temp.File("ghz.qasm"), "OPENQASM 2.0;");
        // Ctrl+C arrives after the submission was accepted: the server cancels on the first poll of the job.
        using var cancellation = new CancellationTokenSource();
        await using var server = await FakeApiServer.StartAsync(app =>
        {
            app.MapPost("/api/v1/jobs", () => Results.Json(SampleViews.Job("j-4", JobStates.Queued, 9), statusCode: 202));
            app.MapGet("/api/v1/jobs/{id}", async (string id) =>
            {
                await cancellation.CancelAsync();
                return Results.Json(SampleViews.Job(id, JobStates.Queued, 9));
            });
        });
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await CliApp.RunAsync(
            ["submit", _temp.File("ghz.qasm"), "--shots", "10", "--wait", "--interval", "0.05"], stdout, stderr, Env(server), cancellation.Token);

        Assert.Equal(ExitCodes.Interrupted, exitCode);
        Assert.Equal("qbroker: interrupted; job j-4 goes on (follow it with 'qbroker watch j-4')", stderr.ToString().Trim());
    }

    [Fact]
    public async Task A_budget_warning_goes_to_stderr_and_stays_in_the_json()
    {
        File.WriteAllText(_temp.File("ghz.qasm"), "OPENQASM 2.0;");
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapPost("/api/v1/jobs", () => Results.Json(
                SampleViews.Job("j-8", JobStates.Queued, 1) with { BudgetWarning = "project qsim has used 85 % of its budget" }, statusCode: 202)));

        var human = await CliRun.RunAsync(Env(server), "submit", _temp.File("ghz.qasm"), "--shots", "10");
        var json = await CliRun.RunAsync(Env(server), "submit", _temp.File("ghz.qasm"), "--shots", "10", "--json");

        Assert.Equal(ExitCodes.Success, human.ExitCode);
        Assert.Equal(["qbroker: warning: project qsim has used 85 % of its budget"], human.ErrorLines);
        Assert.Contains("j-8", human.Out, StringComparison.Ordinal);
        Assert.Equal("", json.Error);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal("project qsim has used 85 % of its budget", document.RootElement.GetProperty("budgetWarning").GetString());
    }

    [Fact]
    public async Task Submit_without_a_client_token_sends_a_fresh_one_each_time()
    {
        File.WriteAllText(_temp.File("ghz.qasm"), "OPENQASM 2.0;");
        await using var server = await FakeApiServer.StartAsync(app =>
            app.MapPost("/api/v1/jobs", () => Results.Json(SampleViews.Job("j-1"), statusCode: 202)));

        await CliRun.RunAsync(Env(server), "submit", _temp.File("ghz.qasm"), "--shots", "10");
        await CliRun.RunAsync(Env(server), "submit", _temp.File("ghz.qasm"), "--shots", "10");

        var tokens = server.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("clientToken").GetString()).ToList();
        Assert.Equal(2, tokens.Count);
        Assert.All(tokens, t => Assert.StartsWith("cli-", t, StringComparison.Ordinal));
        Assert.NotEqual(tokens[0], tokens[1]);
    }
}
