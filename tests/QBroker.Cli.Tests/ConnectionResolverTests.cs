using QBroker.Cli.Configuration;

namespace QBroker.Cli.Tests;

public sealed class ConnectionResolverTests
{
    private static readonly CliConfig Stored = new("http://stored:5080/", "stored-key");

    [Fact]
    public void Options_win_over_environment_and_config()
    {
        var env = new Dictionary<string, string?> { ["QBROKER_URL"] = "http://env:1", ["QBROKER_TOKEN"] = "env-key" };
        var connection = ConnectionResolver.Resolve("http://option:2", "option-key", env, () => Stored);
        Assert.Equal(new ServerConnection(new Uri("http://option:2"), "option-key"), connection);
    }

    [Fact]
    public void Environment_wins_over_config_and_the_config_is_not_read()
    {
        var env = new Dictionary<string, string?> { ["QBROKER_URL"] = "http://env:1", ["QBROKER_TOKEN"] = "env-key" };
        var connection = ConnectionResolver.Resolve(null, null, env, () => throw new InvalidOperationException("config must not be read"));
        Assert.Equal(new ServerConnection(new Uri("http://env:1"), "env-key"), connection);
    }

    [Fact]
    public void The_config_supplies_what_options_and_environment_leave_open()
    {
        var connection = ConnectionResolver.Resolve(null, null, new Dictionary<string, string?>(), () => Stored);
        Assert.Equal(new ServerConnection(new Uri("http://stored:5080/"), "stored-key"), connection);
    }

    [Fact]
    public void The_stored_key_is_used_for_the_stored_server_named_explicitly()
    {
        var connection = ConnectionResolver.Resolve("http://STORED:5080", null, new Dictionary<string, string?>(), () => Stored);
        Assert.Equal("stored-key", connection.Token);
    }

    [Fact]
    public void The_stored_key_is_never_sent_to_another_server()
    {
        var error = Assert.Throws<CliException>(() =>
            ConnectionResolver.Resolve("http://elsewhere:5080", null, new Dictionary<string, string?>(), () => Stored));
        Assert.Equal(ExitCodes.NotAuthenticated, error.ExitCode);
        Assert.Contains("elsewhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_any_key_it_is_not_authenticated_and_says_how_to_log_in()
    {
        var error = Assert.Throws<CliException>(() => ConnectionResolver.Resolve(null, null, new Dictionary<string, string?>(), () => null));
        Assert.Equal(ExitCodes.NotAuthenticated, error.ExitCode);
        Assert.Contains("qbroker login", error.Message, StringComparison.Ordinal);
        Assert.Contains(ConnectionResolver.DefaultUrl, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_environment_variable_counts_as_unset()
    {
        var env = new Dictionary<string, string?> { ["QBROKER_URL"] = "", ["QBROKER_TOKEN"] = " " };
        var connection = ConnectionResolver.Resolve(null, null, env, () => Stored);
        Assert.Equal("stored-key", connection.Token);
    }

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("localhost:5080")]
    [InlineData("not a url")]
    public void A_url_that_is_not_http_is_a_usage_error(string url)
    {
        var error = Assert.Throws<CliException>(() => ConnectionResolver.Resolve(url, "k", new Dictionary<string, string?>(), () => null));
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }
}
