using System.Text.Json;

namespace QBroker.Kubernetes.Tests.Infrastructure;

/// <summary>One object's verdict from the kubernetes-models schema validation.</summary>
public sealed record SchemaVerdict(int Index, string? Kind, string? Name, string Status, string? Message)
{
    public bool IsValid => Status == "ok";

    public override string ToString() => $"{Kind} {Name}: {Status} {Message}";
}

/// <summary>
/// Checks types and required fields against the OpenAPI schemas of the npm package kubernetes-models, which the
/// strict loader cannot see (KubernetesClient's models accept a Deployment without a selector). Runs
/// SchemaValidator/validate-required-fields.cjs under Node with the packages provisioned in artifacts/k8s-tools.
/// </summary>
public static class RequiredFieldValidator
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static async Task<IReadOnlyList<SchemaVerdict>> ValidateAsync(string yaml)
    {
        var modules = Path.Combine(RepositoryLayout.ToolsFolder, "node_modules");
        if (!File.Exists(Path.Combine(modules, "kubernetes-models", "package.json")))
        {
            throw new InvalidOperationException($"kubernetes-models is not installed in {modules}: run {RepositoryLayout.ProvisionScript} first.");
        }
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, yaml);
            var script = Path.Combine(AppContext.BaseDirectory, "SchemaValidator", "validate-required-fields.cjs");
            var result = await ExternalTool.RunAsync(ExternalTool.Locate("node"), [script, input], new Dictionary<string, string> { ["NODE_PATH"] = modules });
            if (result.ExitCode is not (0 or 1))
            {
                throw new InvalidOperationException($"The schema validator could not run: {result.Describe()}");
            }
            var verdicts = result.StandardOutput
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => JsonSerializer.Deserialize<SchemaVerdict>(line, Json)!)
                .ToList();
            // The exit code and the verdicts must tell the same story, or a crash could pass for success.
            if ((result.ExitCode == 0) != verdicts.All(v => v.IsValid))
            {
                throw new InvalidOperationException($"The schema validator's exit code disagrees with its verdicts: {result.Describe()}");
            }
            return verdicts;
        }
        finally
        {
            File.Delete(input);
        }
    }
}
