using k8s.Models;
using QBroker.Kubernetes.Tests.Infrastructure;

namespace QBroker.Kubernetes.Tests.Checks;

/// <summary>The disruption budget and the autoscaler govern the silo Deployment and leave each other room.</summary>
public static class ScalingChecks
{
    public static IEnumerable<string> DisruptionBudget(RenderedBase rendered)
    {
        var budgets = rendered.All<V1PodDisruptionBudget>().Where(b => LabelSelectors.Matches(b.Spec.Selector, rendered.SiloPodLabels)).ToList();
        if (budgets.Count != 1)
        {
            yield return $"{budgets.Count} PodDisruptionBudgets select the silo pods; exactly one must.";
            yield break;
        }
        var budget = budgets[0].Spec;
        var minReplicas = Autoscaler(rendered)?.Spec.MinReplicas ?? 1;
        // A budget that allows no eviction at the smallest scale blocks every node drain.
        var allowed = budget.MaxUnavailable is { } max
            ? Pods(max, minReplicas)
            : minReplicas - Pods(budget.MinAvailable ?? 0, minReplicas);
        if (allowed < 1)
        {
            yield return $"At {minReplicas} silos the disruption budget allows no eviction, so node drains would hang.";
        }
        if (allowed >= minReplicas)
        {
            yield return $"At {minReplicas} silos the disruption budget lets every silo go at once.";
        }
    }

    public static IEnumerable<string> Autoscaling(RenderedBase rendered)
    {
        var autoscaler = Autoscaler(rendered);
        if (autoscaler is null)
        {
            yield return "No HorizontalPodAutoscaler targets the silo Deployment.";
            yield break;
        }
        var target = autoscaler.Spec.ScaleTargetRef;
        if (target.ApiVersion != "apps/v1" || target.Kind != "Deployment")
        {
            yield return $"The autoscaler targets {target.ApiVersion} {target.Kind}, not the apps/v1 Deployment.";
        }
        if (autoscaler.Spec.MinReplicas is not >= 3)
        {
            yield return "The autoscaler may shrink the cluster below three silos, which cannot survive a loss during a drain.";
        }
        if (autoscaler.Spec.MaxReplicas < (autoscaler.Spec.MinReplicas ?? 1))
        {
            yield return "The autoscaler's maximum is below its minimum.";
        }
        // Utilisation targets are relative to requests: without a CPU request the autoscaler cannot compute them.
        var usesCpu = autoscaler.Spec.Metrics?.Any(m => m.Resource?.Name == "cpu") == true;
        if (usesCpu && rendered.SiloPod.Containers.Any(c => c.Resources?.Requests?.ContainsKey("cpu") != true))
        {
            yield return "The autoscaler scales on CPU but a silo container requests no CPU.";
        }
        if (rendered.SiloDeployment.Spec.Replicas is not null)
        {
            yield return "The Deployment fixes replicas although the autoscaler owns the count; every apply would reset it.";
        }
    }

    /// <summary>A budget figure as a pod count; percentages round up, as the disruption controller rounds them.</summary>
    private static int Pods(IntOrString value, int replicas) =>
        value.Value.EndsWith('%')
            ? (int)Math.Ceiling(replicas * int.Parse(value.Value.TrimEnd('%')) / 100.0)
            : int.Parse(value.Value);

    private static V2HorizontalPodAutoscaler? Autoscaler(RenderedBase rendered) =>
        rendered.All<V2HorizontalPodAutoscaler>().SingleOrDefault(a => a.Spec.ScaleTargetRef.Name == RenderedBase.SiloName);
}
