using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using QBroker.Kubernetes.Tests.Checks;
using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests;

/// <summary>
/// The silo image, checked statically because no Docker engine runs here: what it is built from, who it runs as,
/// what it exposes and how it starts, against the Deployment that runs it.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly Dockerfile Image = Dockerfile.Parse(File.ReadAllText(RepositoryLayout.SiloDockerfile));

    [Fact]
    public void It_builds_with_the_sdk_and_runs_on_the_aspnet_runtime_of_the_same_dotnet_version()
    {
        var build = Assert.Single(Image.Stages, s => s.Name == "build");
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", build.BaseImage);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", Image.Final.BaseImage);
        Assert.Contains(Image.Final.All("COPY"), copy => copy.StartsWith("--from=build ", StringComparison.Ordinal));

        // global.json pins the SDK band; the images must carry the same major.minor or the build stage cannot run it.
        using var globalJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryLayout.Root, "global.json")));
        var sdk = Version.Parse(globalJson.RootElement.GetProperty("sdk").GetProperty("version").GetString()!);
        Assert.Equal($"{sdk.Major}.{sdk.Minor}", build.BaseImage.Split(':')[1]);
        Assert.Contains(build.All("RUN"), run => run.Contains("dotnet publish silo/QBroker.Silo/QBroker.Silo.csproj", StringComparison.Ordinal));
    }

    [Fact]
    public async Task It_runs_as_the_numeric_non_root_user_the_pod_requires()
    {
        var rendered = await RenderedBase.LoadAsync();

        var user = Assert.Single(Image.Final.All("USER"));
        Assert.True(long.TryParse(user, out var uid), $"USER {user} is not numeric, so runAsNonRoot cannot verify it.");
        Assert.NotEqual(0, uid);
        Assert.Equal(rendered.SiloPod.SecurityContext.RunAsUser, uid);
    }

    [Fact]
    public async Task It_exposes_exactly_the_ports_the_deployment_declares()
    {
        var rendered = await RenderedBase.LoadAsync();

        var exposed = Image.Final.All("EXPOSE").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).Order();
        var declared = rendered.SiloContainer.Ports.Select(p => p.ContainerPort).Order();
        Assert.Equal(declared, exposed);
        Assert.Equal([SiloFacts.HttpPort, SiloFacts.SiloPort, SiloFacts.GatewayPort], exposed);
    }

    [Fact]
    public async Task It_listens_where_the_deployment_probes_and_keeps_data_where_the_volume_is_mounted()
    {
        var rendered = await RenderedBase.LoadAsync();
        var environment = Dockerfile.Environment(Image.Final);

        Assert.Equal(new Uri(RenderedBase.Env(rendered.SiloContainer, "ASPNETCORE_URLS").Value), new Uri(environment["ASPNETCORE_URLS"]));
        var dataDir = environment["QBROKER_DATA_DIR"];
        Assert.Equal(RenderedBase.Env(rendered.SiloContainer, "QBROKER_DATA_DIR").Value, dataDir);
        Assert.Contains(rendered.SiloContainer.VolumeMounts, m => m.MountPath == dataDir);
    }

    [Fact]
    public void It_starts_the_silo_assembly_directly_so_the_silo_receives_sigterm()
    {
        var entrypoint = Dockerfile.ExecForm(Assert.Single(Image.Final.All("ENTRYPOINT")));

        Assert.NotNull(entrypoint);
        var assemblyName = XDocument.Load(RepositoryLayout.SiloProjectFile).Descendants("AssemblyName").Single().Value;
        Assert.Equal(["dotnet", $"{assemblyName}.dll"], entrypoint);
        Assert.Equal("qbroker-silo", assemblyName);
    }

    [Fact]
    public void The_build_context_holds_every_project_the_silo_is_built_from()
    {
        var copied = Assert.Single(Image.Stages, s => s.Name == "build").All("COPY")
            .SelectMany(copy => copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .Select(source => source.TrimEnd('/'))
            .ToList();

        foreach (var project in ProjectClosure(RepositoryLayout.SiloProjectFile))
        {
            var relative = Path.GetRelativePath(RepositoryLayout.Root, Path.GetDirectoryName(project)!).Replace('\\', '/');
            Assert.True(copied.Any(source => relative == source || relative.StartsWith(source + "/", StringComparison.Ordinal)),
                $"{relative} is referenced by the silo but not copied into the build stage.");
        }
        foreach (var file in copied.Where(source => !source.Contains('/') && source.Contains('.')))
        {
            Assert.True(File.Exists(Path.Combine(RepositoryLayout.Root, file)), $"COPY names {file}, which the repository lacks.");
        }
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_and_local_data()
    {
        var ignored = File.ReadAllLines(RepositoryLayout.DockerIgnore).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains("artifacts/", ignored);
        Assert.Contains(".git/", ignored);
        // Nothing the build stage copies may be excluded wholesale.
        Assert.DoesNotContain("silo/", ignored);
        Assert.DoesNotContain("protocols/", ignored);
    }

    /// <summary>The project file and every project it references, transitively.</summary>
    private static IEnumerable<string> ProjectClosure(string projectFile)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectFile)]);
        while (pending.TryPop(out var project))
        {
            if (!seen.Add(project))
            {
                continue;
            }
            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                var include = Regex.Replace(reference.Attribute("Include")!.Value, @"[\\/]", Path.DirectorySeparatorChar.ToString());
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include)));
            }
        }
        return seen;
    }
}
