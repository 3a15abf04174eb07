using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests.Checks;

/// <summary>The operations guide keeps up with the manifests.</summary>
public static class DocumentationChecks
{
    /// <summary>docs/operations.md lists every environment variable the silo is given, so operators know what it reads.</summary>
    public static IEnumerable<string> EnvironmentDocumented(RenderedBase rendered, string operationsGuide) =>
        (rendered.SiloContainer.Env ?? [])
            .Where(variable => !operationsGuide.Contains($"`{variable.Name}`", StringComparison.Ordinal))
            .Select(variable => $"The silo is given {variable.Name}, which docs/operations.md does not list.");
}
