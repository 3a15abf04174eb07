using System.Text.RegularExpressions;
using QBroker.Kubernetes.Tests.Checks;
using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests;

/// <summary>
/// The facts the manifests are checked against (SiloFacts) are found in the silo's own code, so renaming a probe
/// endpoint or a SPEC environment variable in the silo fails here instead of in a cluster. (Orleans ports are set
/// explicitly by the Deployment's environment, so the silo's defaults do not matter to the manifests.)
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

    [Fact]
    public void The_silo_reads_the_data_directory_and_admin_key_the_deployment_sets()
    {
        Assert.Contains("\"QBROKER_DATA_DIR\"", Sources, StringComparison.Ordinal);
        Assert.Contains("\"QBROKER_ADMIN_KEY\"", Sources, StringComparison.Ordinal);
    }

    [Fact]
    public void The_state_vector_memory_facts_are_the_silos_own()
    {
        var silo = Path.Combine(RepositoryLayout.Root, "silo");
        var host = File.ReadAllText(Path.Combine(silo, "QBroker.Silo", "QBrokerHost.cs"));
        var backendOptions = File.ReadAllText(Path.Combine(silo, "QBroker.Backends", "BackendOptions.cs"));
        var budget = File.ReadAllText(Path.Combine(silo, "QBroker.Backends", "StateVectorMemoryBudget.cs"));
        var broker = File.ReadAllText(Path.Combine(silo, "QBroker.Grains", "BrokerOptions.cs"));

        // QBroker__Backends__MaxStateVectorBytes is the section the host binds plus the property's name.
        Assert.Contains("GetSection(\"QBroker:Backends\")", host, StringComparison.Ordinal);
        Assert.Contains("long? MaxStateVectorBytes { get; init; }", backendOptions, StringComparison.Ordinal);
        Assert.Contains($"Fraction = {SiloFacts.StateVectorShareOfHeap.ToString(System.Globalization.CultureInfo.InvariantCulture)};", budget, StringComparison.Ordinal);
        Assert.Contains($"SimulatorSlots {{ get; set; }} = {SiloFacts.SimulatorSlots};", broker, StringComparison.Ordinal);
        Assert.Contains($"QpuSlots {{ get; set; }} = {SiloFacts.QpuSlots};", broker, StringComparison.Ordinal);
    }

    private static Regex MappedRoute(string path) => new($"Map\\w*\\(\\s*\"{Regex.Escape(path)}\"");
}
