using System.Text.RegularExpressions;

namespace QBroker.Kubernetes.Tests.Monitoring;

/// <summary>
/// One Prometheus relabel_config, applied as Prometheus does (docs: configuration, &lt;relabel_config&gt;): the
/// source label values joined by the separator, matched against the fully anchored regex; keep, drop and replace.
/// Lets the tests run the shipped scrape configuration against simulated pod discovery, which promtool cannot do
/// offline (Debian's Prometheus is built without Kubernetes discovery).
/// </summary>
public sealed record RelabelRule(
    IReadOnlyList<string> SourceLabels,
    string Action = "replace",
    string Regex = "(.*)",
    string Separator = ";",
    string? TargetLabel = null,
    string Replacement = "$1")
{
    /// <summary>The relabelled label set, or null when the target is dropped.</summary>
    public Dictionary<string, string>? Apply(Dictionary<string, string> labels)
    {
        var value = string.Join(Separator, SourceLabels.Select(name => labels.GetValueOrDefault(name, string.Empty)));
        var match = System.Text.RegularExpressions.Regex.Match(value, $"^(?:{Regex})$", RegexOptions.CultureInvariant);
        switch (Action)
        {
            case "keep":
                return match.Success ? labels : null;
            case "drop":
                return match.Success ? null : labels;
            case "replace":
                if (match.Success && TargetLabel is not null)
                {
                    var replaced = match.Result(Replacement);
                    if (replaced.Length == 0)
                    {
                        labels.Remove(TargetLabel);
                    }
                    else
                    {
                        labels[TargetLabel] = replaced;
                    }
                }
                return labels;
            default:
                throw new NotSupportedException($"Relabel action {Action} is not simulated; extend RelabelRule before using it.");
        }
    }
}
