using k8s.Models;

namespace QBroker.Kubernetes.Tests.Infrastructure;

/// <summary>Label selector semantics of the Kubernetes API (matchLabels AND matchExpressions), for checking that
/// Services, budgets and policies select the pods they are meant for.</summary>
public static class LabelSelectors
{
    /// <summary>A Service-style selector: every pair must be present. An empty selector selects nothing here,
    /// because a Service or policy meant for the silos must say so.</summary>
    public static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null
        && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null || (selector.MatchLabels is not { Count: > 0 } && selector.MatchExpressions is not { Count: > 0 }))
        {
            return false;
        }
        labels ??= new Dictionary<string, string>();
        var byLabel = selector.MatchLabels is not { Count: > 0 } || Matches(selector.MatchLabels, labels);
        return byLabel && (selector.MatchExpressions ?? []).All(expression => Matches(expression, labels));
    }

    private static bool Matches(V1LabelSelectorRequirement requirement, IDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(requirement.Key, out var value);
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => present && values.Contains(value),
            "NotIn" => !present || !values.Contains(value),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => throw new ArgumentException($"Unknown label selector operator {requirement.OperatorProperty}."),
        };
    }
}
