namespace QBroker.Kubernetes.Tests.Infrastructure;

/// <summary>Renders a kustomization with `kubectl kustomize`, which needs no API server.</summary>
public static class Kustomize
{
    public static async Task<string> RenderAsync(string kustomizationFolder)
    {
        var result = await ExternalTool.RunAsync(ExternalTool.Locate("kubectl"), ["kustomize", kustomizationFolder]);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {kustomizationFolder} failed: {result.Describe()}");
        }
        return result.StandardOutput;
    }

    /// <summary>A copy of the base in a fresh temporary folder, for tests that render a deliberately broken variant.</summary>
    public static string CopyBase()
    {
        var target = Directory.CreateTempSubdirectory("qbroker-k8s-").FullName;
        foreach (var file in Directory.EnumerateFiles(RepositoryLayout.KustomizeBase, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(RepositoryLayout.KustomizeBase, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        return target;
    }
}
