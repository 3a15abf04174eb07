using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests.Monitoring;

/// <summary>Prometheus' own checker, run on files in a scratch folder that is deleted afterwards.</summary>
public static class Promtool
{
    /// <summary>Writes the files into a fresh folder and runs promtool with the arguments (file names among them become paths in that folder).</summary>
    public static async Task<ToolResult> RunAsync(IReadOnlyDictionary<string, string> files, params string[] arguments)
    {
        var folder = Directory.CreateTempSubdirectory("qbroker-promtool-").FullName;
        try
        {
            foreach (var (name, content) in files)
            {
                var path = Path.Combine(folder, name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, content);
            }
            var absolute = arguments.Select(a => files.ContainsKey(a) ? Path.Combine(folder, a) : a);
            return await ExternalTool.RunAsync(ExternalTool.Locate("promtool"), absolute);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
