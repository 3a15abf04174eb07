using QBroker.Cli.Tests.Support;

namespace QBroker.Cli.Tests;

/// <summary>
/// The CLI as users install it: packed as a .NET tool, installed into a folder, run as the <c>qbroker</c> program.
/// Packs the build this test run already made (--no-build), so it costs seconds, not a compilation.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_packed_tool_installs_and_runs_as_qbroker()
    {
        var environment = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };

        // The install resolves the tool from a private package folder, so an older QBroker.Cli 0.1.0 in the user's
        // cache is never taken for the one just packed.
        var installEnvironment = new Dictionary<string, string?>(environment) { ["NUGET_PACKAGES"] = _temp.File("packages") };
        var project = RepositoryFiles.Path("client/QBroker.Cli/QBroker.Cli.csproj");

        var pack = await ProcessRun.RunAsync(
            "dotnet", ["pack", project, "-c", BuildConfiguration(), "--no-build", "-o", _temp.File("nupkg")], environment, StepLimit);
        Assert.True(pack.ExitCode == 0, pack.Out + pack.Error);

        var install = await ProcessRun.RunAsync(
            "dotnet", ["tool", "install", "--tool-path", _temp.File("tool"), "--add-source", _temp.File("nupkg"), "QBroker.Cli"], installEnvironment, StepLimit);
        Assert.True(install.ExitCode == 0, install.Out + install.Error);

        var qbroker = _temp.File(Path.Combine("tool", OperatingSystem.IsWindows() ? "qbroker.exe" : "qbroker"));
        var help = await ProcessRun.RunAsync(qbroker, ["--help"], environment, StepLimit);
        var unreachable = await ProcessRun.RunAsync(
            qbroker, ["devices"], new Dictionary<string, string?>(environment) { ["QBROKER_URL"] = "http://127.0.0.1:9", ["QBROKER_TOKEN"] = "k" }, StepLimit);

        Assert.Equal(ExitCodes.Success, help.ExitCode);
        Assert.Contains("submit", help.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ConnectionFailure, unreachable.ExitCode);
        Assert.StartsWith("qbroker: cannot reach QBroker at http://127.0.0.1:9/", unreachable.Error, StringComparison.Ordinal);
    }

    /// <summary>Debug or Release: whichever this test assembly was built in, so the CLI built with it exists.</summary>
    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
}
