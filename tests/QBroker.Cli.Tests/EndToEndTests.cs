using System.Text.Json;
using QBroker.Cli.Tests.Support;

namespace QBroker.Cli.Tests;

/// <summary>
/// The CLI against the real broker in-process: the commands a researcher runs, with the exit codes and output
/// scripts rely on.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class EndToEndTests(RealSilo silo) : IClassFixture<RealSilo>, IDisposable
{
    private const string Researcher = "skku-jkim";

    /// <summary>The README's example: a five-qubit GHZ circuit.</summary>
    private static readonly string GhzExample = RepositoryFiles.Path("examples/ghz.qasm");

    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    /// <summary>A researcher's shell: a home of its own and the silo's address; the key comes from login or QBROKER_TOKEN.</summary>
    private Dictionary<string, string?> Shell(string? token = null) => new()
    {
        ["HOME"] = _home.Path,
        ["QBROKER_URL"] = silo.Url.ToString(),
        ["QBROKER_TOKEN"] = token,
    };

    private string WriteFile(string name, string content)
    {
        var path = _home.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Login_stores_the_key_and_later_commands_use_it()
    {
        var login = await CliRun.RunAsync(Shell(), "login", "--token", silo.ResearcherKeys[Researcher]);
        var devices = await CliRun.RunAsync(Shell(), "devices", "--json");
        var logout = await CliRun.RunAsync(Shell(), "logout");
        var afterLogout = await CliRun.RunAsync(Shell(), "devices");

        Assert.Equal(ExitCodes.Success, login.ExitCode);
        Assert.Contains($"as {Researcher} (researcher, skku)", login.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, devices.ExitCode);
        using var json = JsonDocument.Parse(devices.Out);
        Assert.Contains("local-sim", json.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(ExitCodes.Success, logout.ExitCode);
        Assert.Equal(ExitCodes.NotAuthenticated, afterLogout.ExitCode);
    }

    [Fact]
    public async Task A_wrong_token_exits_3_with_one_line()
    {
        var login = await CliRun.RunAsync(Shell(), "login", "--token", "qbk_not-a-real-key");
        var devices = await CliRun.RunAsync(Shell("qbk_not-a-real-key"), "devices");

        Assert.Equal(ExitCodes.NotAuthenticated, login.ExitCode);
        Assert.Single(login.ErrorLines);
        Assert.False(File.Exists(Path.Combine(_home.Path, ".config", "qbroker", "config.json")));
        Assert.Equal(ExitCodes.NotAuthenticated, devices.ExitCode);
        Assert.Contains("HTTP 401", Assert.Single(devices.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ghz_job_goes_end_to_end()
    {
        var env = Shell(silo.ResearcherKeys[Researcher]);
        var submit = await CliRun.RunAsync(env, "submit", GhzExample, "--shots", "400", "--device", "local-sim", "--tag", "e2e", "--wait", "--interval", "0.1");

        Assert.True(submit.ExitCode == ExitCodes.Success, submit.Error);
        Assert.Equal("", submit.Error);
        Assert.Contains("state=completed", submit.Out, StringComparison.Ordinal);
        var id = submit.Out.Split('\n')[0].Replace("submitted job ", "", StringComparison.Ordinal).Trim();

        var result = await CliRun.RunAsync(env, "result", id, "--json");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var counts = JsonDocument.Parse(result.Out);
        var byOutcome = counts.RootElement.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        // An ideal GHZ state measures only 00000 or 11111, each with probability 1/2. The simulator's statistics are
        // the backend tests' concern; this bound only checks the counts came through the API and CLI intact. With
        // n = 400 shots the count of 00000 has standard deviation sqrt(400 * 0.5 * 0.5) = 10, so a bound of
        // 100 (10 sigma) fails a correct simulator with probability below 10^-20.
        Assert.Equal(["00000", "11111"], byOutcome.Keys.Order());
        Assert.Equal(400, byOutcome.Values.Sum());
        Assert.InRange(byOutcome["00000"], 200 - 100, 200 + 100);

        var human = await CliRun.RunAsync(env, "result", id);
        Assert.Contains("400 shots, 2 distinct outcomes", human.Out, StringComparison.Ordinal);
        Assert.Contains("█", human.Out, StringComparison.Ordinal);

        var status = await CliRun.RunAsync(env, "status", id, "--json");
        using var job = JsonDocument.Parse(status.Out);
        Assert.Equal("completed", job.RootElement.GetProperty("state").GetString());
        Assert.Equal("local-sim", job.RootElement.GetProperty("device").GetString());

        var jobs = await CliRun.RunAsync(env, "jobs", "--tag", "e2e", "--state", "completed", "--json");
        using var page = JsonDocument.Parse(jobs.Out);
        Assert.Contains(id, page.RootElement.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()));

        var watch = await CliRun.RunAsync(env, "watch", id);
        Assert.Equal(ExitCodes.Success, watch.ExitCode);
        Assert.Contains($"{id} state=completed", Assert.Single(watch.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_qkd_experiment_file_is_submitted_as_a_qkd_job_and_its_table_printed()
    {
        var env = Shell(silo.ResearcherKeys["kaist-yjung"]);
        var example = RepositoryFiles.Path("examples/qkd-decoy-distance-sweep.json");

        var human = await CliRun.RunAsync(env, "submit", example, "--kind", "qkd", "--device", "qkd-testbed", "--wait", "--interval", "0.1");
        var json = await CliRun.RunAsync(env, "submit", example, "--kind", "qkd", "--device", "qkd-testbed", "--wait", "--interval", "0.1", "--json");

        Assert.True(human.ExitCode == ExitCodes.Success, human.Error);
        Assert.Contains("decoy, seed 7", human.Out, StringComparison.Ordinal);
        Assert.Contains("DISTANCEKM", human.Out, StringComparison.Ordinal);
        Assert.True(human.Out.Contains("keyEstablished", StringComparison.Ordinal), human.Out);
        Assert.Contains("/result?format=svg", human.Out, StringComparison.Ordinal);
        Assert.True(json.ExitCode == ExitCodes.Success, json.Error);
        // --wait --json prints the result alone, with its QKD table.
        using var result = JsonDocument.Parse(json.Out);
        var table = result.RootElement.GetProperty("qkd");
        Assert.Equal([0.0, 30, 60, 90, 120], table.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("sweepValue").GetDouble()));
        // The same seed gives the same figures: the human table of the first run shows the second run's key lengths.
        foreach (var row in table.GetProperty("rows").EnumerateArray())
        {
            var finalKeyBits = row.GetProperty("figures").GetProperty("finalKeyBits").GetDouble();
            Assert.Contains(finalKeyBits.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), human.Out, StringComparison.Ordinal);
        }

        // Fetched later with 'result', the job shows the same table, not the counts that encode it.
        var fetched = await CliRun.RunAsync(env, "result", result.RootElement.GetProperty("id").GetString()!);
        Assert.True(fetched.ExitCode == ExitCodes.Success, fetched.Error);
        Assert.Contains("decoy, seed 7", fetched.Out, StringComparison.Ordinal);
        Assert.Contains("DISTANCEKM", fetched.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("distinct outcomes", fetched.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_experiment_file_is_reported_with_line_and_column_and_a_bad_field_by_name()
    {
        var env = Shell(silo.ResearcherKeys["kaist-yjung"]);
        var broken = WriteFile("broken.json", "{\n  \"pulses\": 1e7,\n  \"seed\": ,\n}\n");
        var misspelt = WriteFile("misspelt.json", "{ \"link\": { \"distanceKM\": 25 } }");

        var syntax = await CliRun.RunAsync(env, "submit", broken, "--kind", "qkd", "--device", "qkd-testbed");
        var field = await CliRun.RunAsync(env, "submit", misspelt, "--kind", "qkd", "--device", "qkd-testbed");

        Assert.Equal(ExitCodes.Error, syntax.ExitCode);
        Assert.StartsWith($"{broken}:3:", Assert.Single(syntax.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, field.ExitCode);
        Assert.Contains("distanceKM", Assert.Single(field.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_queued_job_can_be_cancelled_once()
    {
        var env = Shell(silo.ResearcherKeys["kaist-mchoi"]);
        // At the modelled speed 5000 shots keep the one-slot IonQ device busy for seconds, so the second job waits.
        var busy = await CliRun.RunAsync(env, "submit", GhzExample, "--shots", "5000", "--device", "ionq-harmony", "--json");
        var waiting = await CliRun.RunAsync(env, "submit", GhzExample, "--shots", "5000", "--device", "ionq-harmony", "--json");
        Assert.True(busy.ExitCode == ExitCodes.Success, busy.Error);
        Assert.True(waiting.ExitCode == ExitCodes.Success, waiting.Error);
        using var busyJob = JsonDocument.Parse(busy.Out);
        using var waitingJob = JsonDocument.Parse(waiting.Out);
        var id = waitingJob.RootElement.GetProperty("id").GetString()!;

        var cancel = await CliRun.RunAsync(env, "cancel", id);
        var again = await CliRun.RunAsync(env, "cancel", id);
        await CliRun.RunAsync(env, "cancel", busyJob.RootElement.GetProperty("id").GetString()!);

        Assert.Equal(ExitCodes.Success, cancel.ExitCode);
        Assert.Equal($"job {id} is now cancelled", cancel.Out.Trim());
        Assert.Equal(ExitCodes.Error, again.ExitCode);
        Assert.Contains("HTTP 409", Assert.Single(again.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_qasm_error_is_reported_as_file_line_column()
    {
        var file = WriteFile("broken.qasm", "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\nfoo q[0];\n");

        var run = await CliRun.RunAsync(Shell(silo.ResearcherKeys[Researcher]), "submit", file, "--shots", "10", "--device", "local-sim");

        Assert.Equal(ExitCodes.Error, run.ExitCode);
        Assert.StartsWith($"{file}:4:1: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Contains("foo", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_jobs_exit_4_and_unknown_devices_exit_1_with_the_reason()
    {
        var env = Shell(silo.ResearcherKeys[Researcher]);
        var status = await CliRun.RunAsync(env, "status", "no-such-job");
        var submit = await CliRun.RunAsync(env, "submit", GhzExample, "--shots", "10", "--device", "no-such-device");

        Assert.Equal(ExitCodes.NotFound, status.ExitCode);
        Assert.Single(status.ErrorLines);
        Assert.Equal(ExitCodes.Error, submit.ExitCode);
        Assert.Contains("HTTP 422", Assert.Single(submit.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_shows_the_callers_institution_in_the_fair_share_tree()
    {
        var run = await CliRun.RunAsync(Shell(silo.ResearcherKeys[Researcher]), "usage", "--json");

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var usage = JsonDocument.Parse(run.Out);
        var nodes = usage.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.Contains("skku", nodes);
        Assert.Contains("skku-qec", nodes);
    }
}
