namespace QBroker.Kubernetes.Tests.Infrastructure;

/// <summary>Where the files under test live, found from the test assembly's folder so any working directory works.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string KustomizeBase => Path.Combine(Root, "k8s");

    public static string SiloDockerfile => Path.Combine(Root, "silo", "QBroker.Silo", "Dockerfile");

    public static string SiloProjectFile => Path.Combine(Root, "silo", "QBroker.Silo", "QBroker.Silo.csproj");

    /// <summary>The silo's shipped configuration, which the host reads at boot (content root = the program's folder).</summary>
    public static string SiloAppSettings => Path.Combine(Root, "silo", "QBroker.Silo", "appsettings.json");

    public static string DockerIgnore => Path.Combine(Root, ".dockerignore");

    public static string OperationsGuide => Path.Combine(Root, "docs", "operations.md");

    /// <summary>Tools installed by scripts/provision-k8s-tools.sh when the machine does not have them.</summary>
    public static string ToolsFolder => Path.Combine(Root, "artifacts", "k8s-tools");

    public static string ProvisionScript => "scripts/provision-k8s-tools.sh";

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(folder.FullName, "k8s")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No repository root (Directory.Packages.props beside k8s/) above {AppContext.BaseDirectory}.");
    }
}
