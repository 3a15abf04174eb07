using System.Text.RegularExpressions;
using QBroker.Kubernetes.Tests.Checks;
using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests;

/// <summary>
/// The facts the manifests are checked against (SiloFacts) are read from the silo's own code, so renaming an
/// endpoint or changing a default port in the silo fails here instead of in a cluster.
/// </summary>
public sealed partial class SiloSourceTests
{
    private static readonly string Sources = string.Join('\n',
        Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "silo", "QBroker.Silo"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));

    [Theory]
    [InlineData(SiloFacts.LivenessPath)]
    [InlineData(SiloFacts.ReadinessPath)]
    public void The_silo_maps_the_probe_endpoint(string path)
    {
        Assert.Matches(MappedRoute(path), Sources);
    }

    [Fact]
    public void The_probe_check_would_notice_an_unmapped_path()
    {
        Assert.DoesNotMatch(MappedRoute("/livez"), Sources);
    }

    [Theory]
    [InlineData("QBroker:Cluster:SiloPort", SiloFacts.SiloPort)]
    [InlineData("QBroker:Cluster:GatewayPort", SiloFacts.GatewayPort)]
    public void The_silo_reads_the_orleans_port_setting_the_deployment_sets(string setting, int port)
    {
        // The Deployment sets QBroker__Cluster__SiloPort etc., which configuration binds to this key.
        Assert.Contains($"\"{setting}\"", Sources, StringComparison.Ordinal);
        Assert.Matches($"\"{Regex.Escape(setting)}\"\\s*,\\s*{port}\\b", Sources);
    }

    [Fact]
    public void The_silo_reads_the_data_directory_and_admin_key_the_deployment_sets()
    {
        Assert.Contains("\"QBROKER_DATA_DIR\"", Sources, StringComparison.Ordinal);
        Assert.Contains("\"QBROKER_ADMIN_KEY\"", Sources, StringComparison.Ordinal);
    }

    private static Regex MappedRoute(string path) => new($"Map\\w*\\(\\s*\"{Regex.Escape(path)}\"");
}
