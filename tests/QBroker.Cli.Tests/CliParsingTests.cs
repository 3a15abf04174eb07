using QBroker.Cli.Tests.Support;

namespace QBroker.Cli.Tests;

/// <summary>Usage errors are caught before any request: one line on stderr, exit code 2, nothing on stdout.</summary>
public sealed class CliParsingTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly Dictionary<string, string?> _env;

    public CliParsingTests()
    {
        File.WriteAllText(_temp.File("bell.qasm"), "OPENQASM 2.0;");
        // Port 9 (discard) is never a QBroker: a parse that wrongly went on to send a request would fail with 5, not 2.
        _env = new() { ["HOME"] = _temp.Path, ["QBROKER_URL"] = "http://127.0.0.1:9", ["QBROKER_TOKEN"] = "k" };
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("submit", "{0}")]
    [InlineData("submit", "{0}", "--shots", "0")]
    [InlineData("submit", "{0}", "--shots", "many")]
    [InlineData("submit", "missing.qasm", "--shots", "10")]
    [InlineData("submit", "{0}", "--shots", "10", "--optimize", "speed")]
    [InlineData("submit", "{0}", "--shots", "10", "--priority", "11")]
    [InlineData("submit", "{0}", "--shots", "10", "--device", "ionq-11", "--min-qubits", "5")]
    [InlineData("submit", "{0}", "--kind", "circuit")]
    [InlineData("submit", "{0}", "--kind", "anneal", "--shots", "10")]
    [InlineData("jobs", "--state", "sleeping")]
    [InlineData("jobs", "--limit", "501")]
    [InlineData("jobs", "--since", "last tuesday")]
    [InlineData("watch", "j-1", "--interval", "0")]
    [InlineData("result", "j-1", "--top", "-1")]
    [InlineData("status")]
    [InlineData("frobnicate")]
    [InlineData()]
    public async Task Bad_arguments_are_a_one_line_usage_error(params string[] args)
    {
        var expanded = args.Select(a => string.Format(System.Globalization.CultureInfo.InvariantCulture, a, _temp.File("bell.qasm"))).ToArray();

        var run = await CliRun.RunAsync(_env, expanded);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("", run.Out);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("qbroker: ", line, StringComparison.Ordinal);
        Assert.EndsWith("--help')", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_usage_line_names_the_subcommand_to_ask_for_help()
    {
        var run = await CliRun.RunAsync(_env, "submit", _temp.File("bell.qasm"));
        Assert.Contains("(see 'qbroker submit --help')", run.Error, StringComparison.Ordinal);
        Assert.Contains("--shots", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_goes_to_stdout_and_succeeds()
    {
        var run = await CliRun.RunAsync(_env, "submit", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("--min-qubits", run.Out, StringComparison.Ordinal);
        Assert.Contains("--client-token", run.Out, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Root_help_lists_every_command()
    {
        var run = await CliRun.RunAsync(_env, "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var command in new[] { "login", "logout", "submit", "status", "watch", "result", "jobs", "cancel", "devices", "usage", "qkd" })
        {
            Assert.Matches($@"\n\s+{command}\b", run.Out);
        }

        Assert.Contains("3 not authenticated", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_without_a_key_is_a_usage_error()
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string?> { ["HOME"] = _temp.Path }, "login", "--url", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--token", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_without_any_key_is_not_authenticated()
    {
        var run = await CliRun.RunAsync(new Dictionary<string, string?> { ["HOME"] = _temp.Path }, "devices");

        Assert.Equal(ExitCodes.NotAuthenticated, run.ExitCode);
        Assert.Contains("qbroker login", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_exit_code_5()
    {
        var run = await CliRun.RunAsync(_env, "devices");

        Assert.Equal(ExitCodes.ConnectionFailure, run.ExitCode);
        Assert.Contains("http://127.0.0.1:9/api/v1/devices", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_qkd_commands_run_under_the_root_with_its_json_option()
    {
        // qkd runs locally: no server, no key.
        var run = await CliRun.RunAsync(new Dictionary<string, string?>(), "--json", "qkd", "bound", "--distance-km", "50");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Out);
        Assert.True(json.RootElement.GetProperty("ratePerPulse").GetDouble() > 0);
    }
}
