using QBroker.Cli.Configuration;
using QBroker.Cli.Tests.Support;

namespace QBroker.Cli.Tests;

public sealed class ConfigFileStoreTests
{
    [Fact]
    public void Save_then_load_round_trips_and_creates_missing_directories()
    {
        using var temp = new TempDirectory();
        var path = temp.File("nested/dir/config.json");

        ConfigFileStore.Save(path, new CliConfig("http://q:5080/", "secret"));

        Assert.Equal(new CliConfig("http://q:5080/", "secret"), ConfigFileStore.Load(path));
        Assert.Contains("\"token\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_is_readable_by_its_owner_only_even_when_it_existed_before()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Windows has no Unix file modes; ACLs are out of scope.
        }

        using var temp = new TempDirectory();
        var path = temp.File("config.json");
        File.WriteAllText(path, "{}");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        ConfigFileStore.Save(path, new CliConfig("http://q/", "secret"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_missing_file_loads_as_null() => Assert.Null(ConfigFileStore.Load("/nonexistent/qbroker/config.json"));

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"url\":\"http://q/\"}")]
    public void A_damaged_file_is_an_error_naming_the_file(string content)
    {
        using var temp = new TempDirectory();
        var path = temp.File("config.json");
        File.WriteAllText(path, content);

        var error = Assert.Throws<CliException>(() => ConfigFileStore.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, error.ExitCode);
    }

    [Fact]
    public void Delete_reports_whether_there_was_a_file()
    {
        using var temp = new TempDirectory();
        var path = temp.File("config.json");
        ConfigFileStore.Save(path, new CliConfig("http://q/", "secret"));

        Assert.True(ConfigFileStore.Delete(path));
        Assert.False(File.Exists(path));
        Assert.False(ConfigFileStore.Delete(path));
    }
}
