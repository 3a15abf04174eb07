using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests;

/// <summary>
/// Negative controls: a copy of the base broken on purpose must fail validation, so a green run means the checks
/// looked. Each copy is rendered by kubectl like the real base, because a typo survives rendering.
/// </summary>
public sealed class BrokenCopyTests
{
    private const string DeploymentFile = "silo/deployment.yaml";

    [Fact]
    public async Task An_unknown_field_fails_strict_loading()
    {
        var yaml = await RenderBrokenCopyAsync(DeploymentFile, "  minReadySeconds: 30\n", "  minReadySeconds: 30\n  minReadySecs: 30\n");

        var failure = Assert.ThrowsAny<Exception>(() => StrictManifestLoader.Load(yaml));
        Assert.Contains("minReadySecs", Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misindented_field_fails_strict_loading()
    {
        // startupProbe one level too deep lands inside env, where the API defines no such field.
        var yaml = await RenderBrokenCopyAsync(DeploymentFile, "            - name: ASPNETCORE_URLS\n              value: http://0.0.0.0:8080\n",
            "            - name: ASPNETCORE_URLS\n              value: http://0.0.0.0:8080\n              startupProbe: {}\n");

        var failure = Assert.ThrowsAny<Exception>(() => StrictManifestLoader.Load(yaml));
        Assert.Contains("startupProbe", Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_required_field_fails_schema_validation_though_strict_loading_accepts_it()
    {
        // The Deployment loses its selector, which the API requires.
        var yaml = await RenderBrokenCopyAsync(DeploymentFile, "  selector:\n    matchLabels:\n      app.kubernetes.io/name: qbroker-silo\n  template:\n", "  template:\n");

        var loaded = StrictManifestLoader.Load(yaml);
        var verdicts = await RequiredFieldValidator.ValidateAsync(yaml);

        Assert.NotEmpty(loaded);
        var failure = Assert.Single(verdicts, v => !v.IsValid);
        Assert.Equal("Deployment", failure.Kind);
        Assert.Contains("selector", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_container_without_a_name_fails_schema_validation()
    {
        var yaml = await RenderBrokenCopyAsync(DeploymentFile, "        - name: silo\n          image:", "        - image:");

        var verdicts = await RequiredFieldValidator.ValidateAsync(yaml);

        var failure = Assert.Single(verdicts, v => !v.IsValid);
        Assert.Contains("name", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_fails_both_validations()
    {
        var yaml = await RenderBrokenCopyAsync("silo/horizontalpodautoscaler.yaml", "  minReplicas: 3\n", "  minReplicas: three\n");

        Assert.ThrowsAny<Exception>(() => StrictManifestLoader.Load(yaml));
        var failure = Assert.Single(await RequiredFieldValidator.ValidateAsync(yaml), v => !v.IsValid);
        Assert.Equal("HorizontalPodAutoscaler", failure.Kind);
    }

    private static async Task<string> RenderBrokenCopyAsync(string file, string original, string replacement)
    {
        var copy = Kustomize.CopyBase();
        try
        {
            var path = Path.Combine(copy, file);
            var text = await File.ReadAllTextAsync(path);
            Assert.Contains(original, text, StringComparison.Ordinal);
            await File.WriteAllTextAsync(path, text.Replace(original, replacement, StringComparison.Ordinal));
            return await Kustomize.RenderAsync(copy);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static string Flatten(Exception failure) =>
        failure.InnerException is null ? failure.Message : $"{failure.Message} {Flatten(failure.InnerException)}";
}
