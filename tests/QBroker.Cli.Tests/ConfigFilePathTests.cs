using QBroker.Cli.Configuration;

namespace QBroker.Cli.Tests;

public sealed class ConfigFilePathTests
{
    [Fact]
    public void QBROKER_CONFIG_wins_over_XDG_and_HOME()
    {
        var path = ConfigFilePath.Resolve(new Dictionary<string, string?>
        {
            ["QBROKER_CONFIG"] = "/etc/qb/c.json",
            ["XDG_CONFIG_HOME"] = "/xdg",
            ["HOME"] = "/home/a",
        });
        Assert.Equal("/etc/qb/c.json", path);
    }

    [Fact]
    public void XDG_CONFIG_HOME_wins_over_HOME()
    {
        var path = ConfigFilePath.Resolve(new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = "/xdg", ["HOME"] = "/home/a" });
        Assert.Equal("/xdg/qbroker/config.json", path);
    }

    [Fact]
    public void HOME_is_the_fallback()
    {
        var path = ConfigFilePath.Resolve(new Dictionary<string, string?> { ["HOME"] = "/home/a", ["QBROKER_CONFIG"] = "" });
        Assert.Equal("/home/a/.config/qbroker/config.json", path);
    }

    [Fact]
    public void USERPROFILE_stands_in_for_HOME_as_on_Windows()
    {
        var path = ConfigFilePath.Resolve(new Dictionary<string, string?> { ["USERPROFILE"] = "/users/a" });
        Assert.Equal(Path.Combine("/users/a", ".config", "qbroker", "config.json"), path);
    }

    [Fact]
    public void A_relative_XDG_CONFIG_HOME_is_ignored_as_the_XDG_spec_requires()
    {
        var path = ConfigFilePath.Resolve(new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = "relative", ["HOME"] = "/home/a" });
        Assert.Equal("/home/a/.config/qbroker/config.json", path);
    }

    [Fact]
    public void Without_any_location_it_fails_with_a_clear_error()
    {
        var error = Assert.Throws<CliException>(() => ConfigFilePath.Resolve(new Dictionary<string, string?>()));
        Assert.Equal(ExitCodes.Error, error.ExitCode);
        Assert.Contains("QBROKER_CONFIG", error.Message, StringComparison.Ordinal);
    }
}
