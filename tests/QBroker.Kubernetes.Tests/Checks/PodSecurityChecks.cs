using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests.Checks;

/// <summary>
/// Every pod meets the "restricted" Pod Security Standard (kubernetes.io/docs/concepts/security/pod-security-standards),
/// so the namespace can enforce it with the label pod-security.kubernetes.io/enforce=restricted.
/// </summary>
public static class PodSecurityChecks
{
    public static IEnumerable<string> Restricted(RenderedBase rendered)
    {
        foreach (var (workload, template) in rendered.PodTemplates)
        {
            var pod = template.Spec;
            if (pod.HostNetwork == true || pod.HostPID == true || pod.HostIPC == true)
            {
                yield return $"{workload} shares a host namespace.";
            }
            if (pod.Volumes?.Any(v => v.HostPath is not null) == true)
            {
                yield return $"{workload} mounts a host path.";
            }
            foreach (var container in pod.Containers.Concat(pod.InitContainers ?? []))
            {
                var context = container.SecurityContext;
                var name = $"{workload}/{container.Name}";
                if ((context?.RunAsNonRoot ?? pod.SecurityContext?.RunAsNonRoot) != true)
                {
                    yield return $"{name} is not required to run as non-root.";
                }
                if ((context?.RunAsUser ?? pod.SecurityContext?.RunAsUser) == 0)
                {
                    yield return $"{name} runs as root.";
                }
                if (context?.Privileged == true)
                {
                    yield return $"{name} is privileged.";
                }
                if (context?.AllowPrivilegeEscalation != false)
                {
                    yield return $"{name} does not forbid privilege escalation.";
                }
                if (context?.Capabilities?.Drop?.Contains("ALL") != true)
                {
                    yield return $"{name} does not drop all capabilities.";
                }
                if (context?.Capabilities?.Add?.Any(c => c != "NET_BIND_SERVICE") == true)
                {
                    yield return $"{name} adds capabilities beyond NET_BIND_SERVICE.";
                }
                if ((context?.SeccompProfile?.Type ?? pod.SecurityContext?.SeccompProfile?.Type) is not ("RuntimeDefault" or "Localhost"))
                {
                    yield return $"{name} runs without a seccomp profile.";
                }
            }
        }
    }
}
